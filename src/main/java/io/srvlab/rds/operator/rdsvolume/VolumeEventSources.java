package io.srvlab.rds.operator.rdsvolume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.operator.common.CachedForm;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.storage.PersistentVolumeNqns;
import io.srvlab.rds.operator.storage.PersistentVolumes;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What wakes an RdsVolume besides its own changes: its pool config turning ready or not, its PersistentVolume, and its
 * namespace's turn to provision ({@link FairShare}).
 */
final class VolumeEventSources {
    static final String POOL_CONFIG_INDEX = "poolConfigName";
    /** Volumes by pool config and namespace: what a namespace's budget on a pool config counts. */
    static final String TENANT_INDEX = "poolConfigNamespace";

    private VolumeEventSources() {}

    static String tenantKey(RdsVolume volume) {
        return volume.getSpec().poolConfigName() + "/" + volume.getMetadata().getNamespace();
    }

    /** The sources, with the volumes' index by pool config; {@code pvNqns} indexes the PersistentVolume informer. */
    static List<EventSource<?, RdsVolume>> of(
            EventSourceContext<RdsVolume> context, PersistentVolumeNqns pvNqns, FairShare turns) {
        context.getPrimaryCache()
                .addIndexer(
                        POOL_CONFIG_INDEX, volume -> List.of(volume.getSpec().poolConfigName()));
        context.getPrimaryCache().addIndexer(TENANT_INDEX, volume -> List.of(tenantKey(volume)));
        var configs = InformerEventSourceConfiguration.from(RdsPoolConfig.class, RdsVolume.class)
                .withPrimaryToSecondaryMapper((RdsVolume volume) ->
                        Set.of(new ResourceID(volume.getSpec().poolConfigName())))
                .withSecondaryToPrimaryMapper(config ->
                        context
                                .getPrimaryCache()
                                .byIndex(POOL_CONFIG_INDEX, config.getMetadata().getName())
                                .stream()
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                // Pool metrics land in the config's status every statusInterval: only readiness wakes volumes.
                .withOnUpdateFilter(
                        (newConfig, oldConfig) -> !Objects.equals(readiness(newConfig), readiness(oldConfig)))
                .build();
        // The volume's PersistentVolume turning Bound, Released or gone is worth a look (its condition, a deletion
        // waiting for it); only the operator's own PersistentVolumes are watched.
        var persistentVolumes = InformerEventSourceConfiguration.from(PersistentVolume.class, RdsVolume.class)
                .withLabelSelector(PersistentVolumes.LABEL_MANAGED_BY + "=" + PersistentVolumes.MANAGED_BY)
                .withSecondaryToPrimaryMapper(
                        pv -> PersistentVolumes.volumeOf(pv).map(Set::of).orElse(Set.of()))
                .withItemStore(CachedForm.store())
                .build();
        var persistentVolumeSource = new InformerEventSource<>(persistentVolumes, context);
        pvNqns.index(persistentVolumeSource);
        var handedATurn = new SimpleInboundEventSource<RdsVolume>("provision-turns");
        turns.wakeWith(handedATurn::propagateEvent);
        return List.of(new InformerEventSource<>(configs, context), persistentVolumeSource, handedATurn);
    }

    private static String readiness(RdsPoolConfig config) {
        if (config.getStatus() == null) {
            return "none";
        }
        return Conditions.isTrue(config.getStatus().conditions(), ConditionTypes.READY) + "/"
                + config.getStatus().circuitState();
    }
}
