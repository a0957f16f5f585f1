package io.srvlab.rds.operator.rdssnapshot;

import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsSnapshotStatus;
import io.srvlab.rds.api.RdsSnapshotStatus.Phase;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.common.Reasons;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/** The statuses an RdsSnapshot goes through; pure. */
final class SnapshotStatuses {
    private final Clock clock;
    private final Conditions conditions;

    SnapshotStatuses(Clock clock) {
        this.clock = clock;
        this.conditions = new Conditions(clock);
    }

    static RdsSnapshotStatus current(RdsSnapshot snapshot) {
        return snapshot.getStatus() != null
                ? snapshot.getStatus()
                : new RdsSnapshotStatus(
                        Phase.Pending, false, null, null, null, null, null, null, null, null, null, null);
    }

    /** Taken (now, or found taken before): ready to use. */
    RdsSnapshotStatus ready(RdsSnapshot snapshot, SnapshotTarget target) {
        RdsSnapshotStatus now = current(snapshot);
        String message = "Snapshot " + target.plan().name() + " of RdsVolume "
                + snapshot.getSpec().source().volumeName()
                + " is on the RDS (crash-consistent: taken while the volume may be in use)";
        return new RdsSnapshotStatus(
                Phase.Ready,
                true,
                target.restoreSize(),
                now.creationTime() != null
                        ? now.creationTime()
                        : clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(),
                target.plan().name(),
                target.server(),
                target.config().getMetadata().getName(),
                target.plan().filesystem(),
                target.image(),
                conditions.set(
                        now.conditions(),
                        Conditions.of(ConditionTypes.READY, true, Reasons.SNAPSHOT_TAKEN, message),
                        generation(snapshot)),
                generation(snapshot),
                message);
    }

    /** Not (or no longer) usable for {@code reason}; what was recorded of the snapshot on the RDS is kept. */
    RdsSnapshotStatus notReady(RdsSnapshot snapshot, Phase phase, String reason, String message) {
        RdsSnapshotStatus now = current(snapshot);
        return new RdsSnapshotStatus(
                phase,
                false,
                now.restoreSize(),
                now.creationTime(),
                now.rdsName(),
                now.server(),
                now.poolConfigName(),
                now.filesystem(),
                now.image(),
                conditions.set(
                        now.conditions(),
                        Conditions.of(ConditionTypes.READY, false, reason, message),
                        generation(snapshot)),
                generation(snapshot),
                message);
    }

    static boolean isSettled(RdsSnapshot snapshot) {
        RdsSnapshotStatus status = snapshot.getStatus();
        return status != null
                && Boolean.TRUE.equals(status.readyToUse())
                && status.observedGeneration() != null
                && status.observedGeneration() == generation(snapshot);
    }

    private static long generation(RdsSnapshot snapshot) {
        Long generation = snapshot.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
