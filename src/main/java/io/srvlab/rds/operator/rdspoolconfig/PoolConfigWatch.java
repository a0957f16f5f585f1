package io.srvlab.rds.operator.rdspoolconfig;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsVolume;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What a pool config's reconcile watches besides the config: its key Secret, and its volumes (read only). */
final class PoolConfigWatch {
    static final String SECRET_INDEX = "privateKeySecret";
    /**
     * Only Secrets carrying this label are cached: the operator's namespace may hold other Secrets (tokens, other
     * applications' credentials) that the operator has no business holding in its heap.
     */
    static final String KEY_SECRET_LABEL = "rds.srvlab.io/ssh-key";

    static final String KEY_SECRET_SELECTOR = KEY_SECRET_LABEL + "=true";

    private PoolConfigWatch() {}

    static List<EventSource<?, RdsPoolConfig>> sources(
            EventSourceContext<RdsPoolConfig> context, String secretNamespace) {
        context.getPrimaryCache().addIndexer(SECRET_INDEX, config -> List.of(secretKey(config.getSpec())));
        // Only the operator's own namespace is watched: SSH keys live there, and RBAC grants Secrets nowhere else.
        var secrets = InformerEventSourceConfiguration.from(Secret.class, RdsPoolConfig.class)
                .withNamespaces(Set.of(secretNamespace))
                .withLabelSelector(KEY_SECRET_SELECTOR)
                .withPrimaryToSecondaryMapper((RdsPoolConfig config) -> Set.of(new ResourceID(
                        config.getSpec().server().privateKeySecretRef().name(),
                        config.getSpec().server().privateKeySecretRef().namespace())))
                .withSecondaryToPrimaryMapper(secret -> context
                        .getPrimaryCache()
                        .byIndex(
                                SECRET_INDEX,
                                secret.getMetadata().getNamespace() + "/"
                                        + secret.getMetadata().getName())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build();
        // The config's volumes, to tell orphan disks from live ones. Read only: their changes wake no pool config,
        // and the cache keeps only the fields read here (a second full copy of every RdsVolume would double the heap).
        var volumes = InformerEventSourceConfiguration.from(RdsVolume.class, RdsPoolConfig.class)
                .withItemStore(new ReducedStateItemStore<>(
                        ReducedStateItemStore.NAME_KEY_STATE,
                        RdsVolume.class,
                        context.getClient().getKubernetesSerialization(),
                        "metadata.uid",
                        "spec.poolConfigName",
                        "spec.slot",
                        "status.slot",
                        "status.filePath"))
                .withSecondaryToPrimaryMapper(
                        volume -> Set.of(new ResourceID(volume.getSpec().poolConfigName())))
                .withOnAddFilter(volume -> false)
                .withOnUpdateFilter((newVolume, oldVolume) -> false)
                .withOnDeleteFilter((volume, unknownState) -> false)
                .build();
        return List.of(new InformerEventSource<>(secrets, context), new InformerEventSource<>(volumes, context));
    }

    private static String secretKey(RdsPoolConfigSpec spec) {
        var ref = spec.server().privateKeySecretRef();
        return ref.namespace() + "/" + ref.name();
    }
}
