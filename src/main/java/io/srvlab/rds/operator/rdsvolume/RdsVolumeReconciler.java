package io.srvlab.rds.operator.rdsvolume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.storage.PersistentVolumeNqns;
import io.srvlab.rds.operator.storage.PersistentVolumes;
import io.srvlab.rds.pool.Requester;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps one disk on the RDS per RdsVolume: create or adopt, grow, check for drift, delete per policy. It orchestrates
 * only: {@link VolumeAdmission} decides what may happen, {@link FairShare} gives each namespace its turn on an RDS,
 * {@link Provisioning}, {@link DriftCheck} and {@link VolumeDeletion} do it, {@link OutcomeRecorder} records it; the RDS
 * work of a reconcile is its namespace's ({@link Requester}).
 */
@ControllerConfiguration(name = RdsVolumeReconciler.NAME)
public class RdsVolumeReconciler implements Reconciler<RdsVolume>, Cleaner<RdsVolume> {
    private static final Logger LOG = Logger.getLogger(RdsVolumeReconciler.class);
    static final String NAME = "rdsvolume";
    static final String POOL_CONFIG_INDEX = "poolConfigName";

    private final VolumeAdmission admission;
    private final Provisioning provisioning;
    private final DriftCheck driftCheck;
    private final VolumeDeletion deletion;
    private final OutcomeRecorder outcomes;
    private final PersistentVolumeNqns pvNqns;
    private final FairShare turns;

    @Inject
    public RdsVolumeReconciler(
            VolumeAdmission admission,
            Provisioning provisioning,
            DriftCheck driftCheck,
            VolumeDeletion deletion,
            OutcomeRecorder outcomes,
            PersistentVolumeNqns pvNqns,
            FairShare turns) {
        this.pvNqns = pvNqns;
        this.admission = admission;
        this.provisioning = provisioning;
        this.driftCheck = driftCheck;
        this.deletion = deletion;
        this.outcomes = outcomes;
        this.turns = turns;
    }

    @Override
    public List<EventSource<?, RdsVolume>> prepareEventSources(EventSourceContext<RdsVolume> context) {
        context.getPrimaryCache()
                .addIndexer(
                        POOL_CONFIG_INDEX, volume -> List.of(volume.getSpec().poolConfigName()));
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

    @Override
    public UpdateControl<RdsVolume> reconcile(RdsVolume volume, Context<RdsVolume> context) {
        try (var tenant = Requester.of(volume.getMetadata().getNamespace())) {
            return reconcileFor(volume, context);
        }
    }

    private UpdateControl<RdsVolume> reconcileFor(RdsVolume volume, Context<RdsVolume> context) {
        var poolVolumes = context.getPrimaryCache()
                .byIndex(POOL_CONFIG_INDEX, volume.getSpec().poolConfigName());
        return switch (admission.admit(volume, context.getSecondaryResource(RdsPoolConfig.class), poolVolumes)) {
            case Admission.Waiting waiting ->
                outcomes.waiting(volume, waiting.reason(), waiting.message(), waiting.recheck());
            case Admission.Holding holding ->
                UpdateControl.<RdsVolume>noUpdate().rescheduleAfter(holding.recheck());
            case Admission.Refused refused -> outcomes.failed(volume, refused.failure(), refused.phase());
            case Admission.Admitted admitted when admitted.work().settled() -> driftCheck.check(admitted.work());
            case Admission.Admitted admitted ->
                turns.inTurn(admitted.work(), () -> provisioning.provision(admitted.work()));
        };
    }

    @Override
    public DeleteControl cleanup(RdsVolume volume, Context<RdsVolume> context) {
        turns.forget(volume);
        try (var tenant = Requester.of(volume.getMetadata().getNamespace())) {
            return deletion.delete(volume, context);
        }
    }

    /**
     * An exception no path expected (a bug, or the API server failing a lease): logged with its stack trace, shown on
     * the volume, and retried by JOSDK's retry policy.
     */
    @Override
    public ErrorStatusUpdateControl<RdsVolume> updateErrorStatus(
            RdsVolume volume, Context<RdsVolume> context, Exception e) {
        LOG.errorf(e, "Reconciling RdsVolume %s failed", VolumeWork.name(volume));
        return outcomes.unexpected(volume, e);
    }
}
