package io.srvlab.rds.operator.rdsvolume;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.operator.storage.PersistentVolumeNqns;
import io.srvlab.rds.pool.Requester;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps one disk on the RDS per RdsVolume: create or adopt, grow, check for drift, delete per policy. It orchestrates
 * only: {@link VolumeAdmission} decides what may happen, {@link FairShare} gives each namespace its turn on an RDS,
 * {@link Provisioning}, {@link DriftCheck} and {@link VolumeDeletion} do it, {@link OutcomeRecorder} records it; the RDS
 * work of a reconcile is its namespace's ({@link Requester}).
 */
@ControllerConfiguration(name = RdsVolumeReconciler.NAME, informer = @Informer(itemStore = PrunedVolumeStore.class))
public class RdsVolumeReconciler implements Reconciler<RdsVolume>, Cleaner<RdsVolume> {
    private static final Logger LOG = Logger.getLogger(RdsVolumeReconciler.class);
    static final String NAME = "rdsvolume";

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
        return VolumeEventSources.of(context, pvNqns, turns);
    }

    @Override
    public UpdateControl<RdsVolume> reconcile(RdsVolume volume, Context<RdsVolume> context) {
        try (var tenant = Requester.of(volume.getMetadata().getNamespace())) {
            return reconcileFor(volume, context);
        }
    }

    private UpdateControl<RdsVolume> reconcileFor(RdsVolume volume, Context<RdsVolume> context) {
        Supplier<List<RdsVolume>> namespaceVolumes = () -> context.getPrimaryCache()
                .byIndex(VolumeEventSources.TENANT_INDEX, VolumeEventSources.tenantKey(volume));
        Admission decision =
                admission.admit(volume, context.getSecondaryResource(RdsPoolConfig.class), namespaceVolumes);
        if (!decision.provisions()) {
            turns.forget(volume); // a turn it was handed (its last look was at an older cache) goes on to the next
        }
        return switch (decision) {
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
        admission.release(volume);
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
