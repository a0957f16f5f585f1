package io.srvlab.rds.operator.rdssnapshot;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsSnapshotStatus;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.FailureClassifier;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.operator.rdspoolconfig.PoolConfigFacts;
import io.srvlab.rds.operator.rdspoolconfig.PoolService;
import io.srvlab.rds.operator.rdspoolconfig.ServerIdentity;
import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.volume.SnapshotOperations;
import io.srvlab.rds.volume.SnapshotOperations.SnapshotPlan;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Deletes an RdsSnapshot per its policy: Retain leaves the snapshot on the RDS; Delete removes the subvolume whose name
 * carries this object's uid and reads back that it is gone. A pool config that is gone, not ready or now names another
 * RDS blocks the deletion with a visible reason.
 */
@Singleton
class SnapshotDeletion {
    private static final Duration BLOCKED_RECHECK = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final PoolService pools;
    private final SnapshotOperations operations;
    private final SnapshotSource sources;
    private final SnapshotStatuses statuses;
    private final Clock clock;

    SnapshotDeletion(
            KubernetesClient client,
            PoolService pools,
            SnapshotOperations operations,
            SnapshotSource sources,
            Clock clock) {
        this.client = client;
        this.pools = pools;
        this.operations = operations;
        this.sources = sources;
        this.statuses = new SnapshotStatuses(clock);
        this.clock = clock;
    }

    DeleteControl delete(RdsSnapshot snapshot, Context<RdsSnapshot> context, SnapshotRecorder recorder) {
        if (snapshot.getSpec().deletionPolicy() == RdsVolumeSpec.DeletionPolicy.Retain) {
            recorder.forget(snapshot);
            return DeleteControl.defaultDelete();
        }
        RdsSnapshotStatus status = snapshot.getStatus();
        if (status == null || status.rdsName() == null) {
            // Not recorded as taken; a take that landed just before a crash is found through its source.
            return sources.find(snapshot) instanceof SnapshotSource.Target found
                    ? remove(
                            snapshot,
                            context,
                            recorder,
                            found.target().config(),
                            found.target().plan())
                    : released(snapshot, recorder);
        }
        return removeRecorded(snapshot, context, recorder, status);
    }

    /** Removes the snapshot the status records, on the RDS it records. */
    private DeleteControl removeRecorded(
            RdsSnapshot snapshot, Context<RdsSnapshot> context, SnapshotRecorder recorder, RdsSnapshotStatus status) {
        RdsPoolConfig config = client.resources(RdsPoolConfig.class)
                .withName(status.poolConfigName())
                .get();
        if (config == null
                || !ServerIdentity.key(ServerIdentity.of(config.getSpec().server()))
                        .equals(status.server())) {
            return blocked(
                    context,
                    snapshot,
                    recorder,
                    Failure.permanent(
                            Reasons.DELETION_BLOCKED,
                            "RdsPoolConfig " + status.poolConfigName() + " is gone or names another RDS than "
                                    + status.server() + "; set deletionPolicy: Retain to release the snapshot"));
        }
        try {
            SnapshotPlan plan = new SnapshotPlan(
                    status.filesystem(),
                    "",
                    status.rdsName(),
                    snapshot.getMetadata().getUid());
            return remove(snapshot, context, recorder, config, plan);
        } catch (IllegalArgumentException notOurs) {
            return blocked(
                    context, snapshot, recorder, Failure.permanent(Reasons.DELETION_BLOCKED, notOurs.getMessage()));
        }
    }

    private DeleteControl remove(
            RdsSnapshot snapshot,
            Context<RdsSnapshot> context,
            SnapshotRecorder recorder,
            RdsPoolConfig config,
            SnapshotPlan plan) {
        Optional<RdsPool> pool = pools.serving(config);
        if (pool.isEmpty()) {
            return blocked(
                    context,
                    snapshot,
                    recorder,
                    Failure.transientFor(
                            Reasons.POOL_CONFIG_NOT_READY,
                            "RdsPoolConfig " + config.getMetadata().getName() + " is not ready",
                            PoolConfigFacts.recheckWithoutPool(config, BLOCKED_RECHECK)));
        }
        try {
            operations.remove(pool.get(), plan, clock.instant().plus(PoolConfigFacts.commandBudget(config.getSpec())));
            return DeleteControl.defaultDelete();
        } catch (PoolException | RouterOsException e) {
            Failure failure = FailureClassifier.classify(e, Duration.ZERO);
            return failure.interrupted()
                    ? DeleteControl.noFinalizerRemoval()
                    : blocked(context, snapshot, recorder, failure);
        }
    }

    private static DeleteControl released(RdsSnapshot snapshot, SnapshotRecorder recorder) {
        recorder.forget(snapshot);
        return DeleteControl.defaultDelete();
    }

    private DeleteControl blocked(
            Context<RdsSnapshot> context, RdsSnapshot snapshot, SnapshotRecorder recorder, Failure failure) {
        recorder.write(
                context,
                snapshot,
                statuses.notReady(
                        snapshot,
                        RdsSnapshotStatus.Phase.Deleting,
                        failure.reason(),
                        "Deletion blocked: " + failure.message()));
        return DeleteControl.noFinalizerRemoval()
                .rescheduleAfter(
                        failure.permanent() || failure.retryAfter() == null ? BLOCKED_RECHECK : failure.retryAfter());
    }
}
