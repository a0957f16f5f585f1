package io.srvlab.rds.scale;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.srvlab.rds.testing.Namespaces;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * How many writes per second this API server takes, measured with plain ConfigMaps: N creates, then N merge patches,
 * from as many client threads as the volume batch uses. No operator is running while it is measured.
 */
record ApiWriteRate(long writes, double seconds) {

    static ApiWriteRate measure(KubernetesClient client, String namespace, int count, int threads) {
        Namespaces.ensure(client, namespace);
        long start = System.nanoTime();
        inParallel(count, threads, i -> client.configMaps()
                .inNamespace(namespace)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("cm-" + i)
                        .withNamespace(namespace)
                        .endMetadata()
                        .withData(Map.of("size", "1Gi"))
                        .build())
                .create());
        inParallel(count, threads, i -> client.configMaps()
                .inNamespace(namespace)
                .withName("cm-" + i)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"phase\":\"Ready\"}}"));
        double seconds = (System.nanoTime() - start) / 1e9;
        client.configMaps().inNamespace(namespace).delete();
        return new ApiWriteRate(2L * count, seconds);
    }

    double perSecond() {
        return writes / seconds;
    }

    private static void inParallel(int count, int threads, IntConsumer request) {
        try (var executor = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                calls.add(executor.submit(() -> request.accept(index)));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("API write measurement failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
