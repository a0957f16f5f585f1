package io.srvlab.rds.operator.rdssnapshot;

import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsSnapshotStatus;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.FailureClassifier;
import io.srvlab.rds.operator.rdspoolconfig.PoolConfigFacts;
import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.volume.RefusedException;
import io.srvlab.rds.volume.SnapshotOperations;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** Takes an RdsSnapshot's read-only snapshot (or finds it taken) and records the outcome. */
@Singleton
class SnapshotTaking {
    private static final Duration PERMANENT_RECHECK = Duration.ofMinutes(10);

    private final SnapshotOperations operations;
    private final SnapshotStatuses statuses;
    private final Clock clock;

    SnapshotTaking(SnapshotOperations operations, Clock clock) {
        this.operations = operations;
        this.statuses = new SnapshotStatuses(clock);
        this.clock = clock;
    }

    UpdateControl<RdsSnapshot> take(RdsSnapshot snapshot, SnapshotTarget target, SnapshotRecorder recorder) {
        try {
            operations.take(
                    target.pool(),
                    target.plan(),
                    clock.instant()
                            .plus(PoolConfigFacts.commandBudget(target.config().getSpec())));
            return recorder.update(snapshot, statuses.ready(snapshot, target));
        } catch (PoolException | RouterOsException | RefusedException e) {
            Failure failure = FailureClassifier.classify(e, Duration.ZERO);
            if (failure.interrupted()) {
                return UpdateControl.noUpdate();
            }
            RdsSnapshotStatus.Phase phase =
                    failure.permanent() ? RdsSnapshotStatus.Phase.Failed : RdsSnapshotStatus.Phase.Pending;
            return recorder.update(snapshot, statuses.notReady(snapshot, phase, failure.reason(), failure.message()))
                    .rescheduleAfter(failure.permanent() ? PERMANENT_RECHECK : failure.retryAfter());
        }
    }
}
