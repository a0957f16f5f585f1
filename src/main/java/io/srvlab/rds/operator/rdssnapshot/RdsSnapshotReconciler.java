package io.srvlab.rds.operator.rdssnapshot;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsSnapshotStatus;
import io.srvlab.rds.operator.common.Reasons;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps one read-only subvolume snapshot on the RDS per RdsSnapshot: taken once its source volume is Ready, removed
 * with the object when its deletion policy is Delete. It orchestrates only: {@link SnapshotSource} finds the source,
 * {@link SnapshotBudget} keeps the namespace within its snapshot count,
 * {@link SnapshotTaking} and {@link SnapshotDeletion} act on the RDS.
 */
@ControllerConfiguration(name = RdsSnapshotReconciler.NAME)
public class RdsSnapshotReconciler implements Reconciler<RdsSnapshot>, Cleaner<RdsSnapshot> {
    private static final Logger LOG = Logger.getLogger(RdsSnapshotReconciler.class);
    static final String NAME = "rdssnapshot";

    private final SnapshotSource sources;
    private final SnapshotTaking taking;
    private final SnapshotDeletion deletion;
    private final SnapshotStatuses statuses;
    private final SnapshotRecorder recorder;
    private final SnapshotBudget budget;

    @Inject
    public RdsSnapshotReconciler(
            SnapshotSource sources,
            SnapshotTaking taking,
            SnapshotDeletion deletion,
            SnapshotRecorder recorder,
            SnapshotBudget budget,
            Clock clock) {
        this.recorder = recorder;
        this.budget = budget;
        this.sources = sources;
        this.taking = taking;
        this.deletion = deletion;
        this.statuses = new SnapshotStatuses(clock);
    }

    @Override
    public UpdateControl<RdsSnapshot> reconcile(RdsSnapshot snapshot, Context<RdsSnapshot> context) {
        if (SnapshotStatuses.isSettled(snapshot)) {
            return UpdateControl.noUpdate();
        }
        return switch (sources.find(snapshot)) {
            case SnapshotSource.Stop stop ->
                recorder.update(snapshot, statuses.notReady(snapshot, stop.phase(), stop.reason(), stop.message()))
                        .rescheduleAfter(stop.recheck());
            case SnapshotSource.Target target -> admitAndTake(snapshot, target.target(), context);
        };
    }

    /** Takes the snapshot if the namespace's budget has room for it; else says so and sends nothing. */
    private UpdateControl<RdsSnapshot> admitAndTake(
            RdsSnapshot snapshot, SnapshotTarget target, Context<RdsSnapshot> context) {
        Optional<String> refusal = budget.admit(snapshot, target.config(), () -> context.getPrimaryCache()
                .list(snapshot.getMetadata().getNamespace())
                .toList());
        if (refusal.isPresent()) {
            return recorder.update(
                            snapshot,
                            statuses.notReady(
                                    snapshot, RdsSnapshotStatus.Phase.Pending, Reasons.QUOTA_EXCEEDED, refusal.get()))
                    .rescheduleAfter(budget.recheck());
        }
        return taking.take(snapshot, target, recorder);
    }

    @Override
    public DeleteControl cleanup(RdsSnapshot snapshot, Context<RdsSnapshot> context) {
        return deletion.delete(snapshot, context, recorder);
    }

    @Override
    public ErrorStatusUpdateControl<RdsSnapshot> updateErrorStatus(
            RdsSnapshot snapshot, Context<RdsSnapshot> context, Exception e) {
        LOG.errorf(
                e,
                "Reconciling RdsSnapshot %s/%s failed",
                snapshot.getMetadata().getNamespace(),
                snapshot.getMetadata().getName());
        return recorder.updateError(
                snapshot,
                statuses.notReady(
                        snapshot, RdsSnapshotStatus.Phase.Pending, Reasons.RECONCILE_ERROR, String.valueOf(e)));
    }
}
