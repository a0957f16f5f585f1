package io.srvlab.rds.testing;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Many RdsVolumes applied at once, as a GitOps sync would: parallel create requests, {@code deletionPolicy: Delete}. */
public final class VolumeBatch {
    private VolumeBatch() {}

    /** Creates {@code prefix-0 …} and returns their names once every request has been answered. */
    public static List<String> create(
            KubernetesClient client,
            String namespace,
            String prefix,
            int count,
            String pool,
            String size,
            int threads) {
        return create(client, namespace, prefix, count, pool, size, threads, i -> Map.of());
    }

    /** As above, the {@code i}-th volume with the labels {@code labels} gives it. */
    public static List<String> create(
            KubernetesClient client,
            String namespace,
            String prefix,
            int count,
            String pool,
            String size,
            int threads,
            IntFunction<Map<String, String>> labels) {
        List<String> names =
                IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
        try (var executor = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                var volume = new RdsVolume();
                volume.setMetadata(new ObjectMetaBuilder()
                        .withName(names.get(i))
                        .withNamespace(namespace)
                        .withLabels(labels.apply(i))
                        .build());
                volume.setSpec(RdsVolumeSpec.of(pool, size, RdsVolumeSpec.DeletionPolicy.Delete, null));
                creates.add(executor.submit(() -> client.resource(volume).create()));
            }
            for (Future<?> create : creates) {
                create.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("creating volumes failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return names;
    }
}
