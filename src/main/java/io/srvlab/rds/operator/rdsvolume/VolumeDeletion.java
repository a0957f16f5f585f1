package io.srvlab.rds.operator.rdsvolume;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.operator.common.EventReasons;
import io.srvlab.rds.operator.common.EventRecorder;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.FailureClassifier;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.operator.common.VolumeSlots;
import io.srvlab.rds.operator.rdspoolconfig.PoolConfigFacts;
import io.srvlab.rds.operator.rdspoolconfig.PoolService;
import io.srvlab.rds.operator.storage.PersistentVolumeSync;
import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.volume.RefusedException;
import io.srvlab.rds.volume.VolumeOperations;
import io.srvlab.rds.volume.VolumePlan;
import io.srvlab.rds.volume.VolumeSubvolumes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What deleting an RdsVolume does to its disk: first its PersistentVolume goes (never from under a Pod), then
 * {@code Retain} leaves the disk and {@code Delete} removes the disk and file this volume owned. A pool that cannot be
 * reached blocks deletion visibly; the finalizer is never dropped silently.
 */
@Singleton
class VolumeDeletion {
    /** Pods going away produce no event for a volume; a refused deletion looks again this often. */
    private static final Duration PV_RELEASE_RECHECK = Duration.ofSeconds(5);

    private final PoolService pools;
    private final VolumeSubvolumes operations;
    private final SlotLeases leases;
    private final EventRecorder events;
    private final OutcomeRecorder outcomes;
    private final PersistentVolumeSync persistentVolumes;
    private final Clock clock;
    private final VolumeStatuses statuses;
    private final Duration blockedRecheck;

    /** {@code blockedRecheck}: when a deletion the RDS cannot carry out yet is tried again. */
    VolumeDeletion(
            PoolService pools,
            VolumeOperations operations,
            SlotLeases leases,
            EventRecorder events,
            OutcomeRecorder outcomes,
            KubernetesClient client,
            Clock clock,
            @ConfigProperty(name = "rds.volume.blocked-recheck", defaultValue = "30s") Duration blockedRecheck) {
        this.pools = pools;
        this.operations = new VolumeSubvolumes(operations);
        this.leases = leases;
        this.events = events;
        this.outcomes = outcomes;
        this.persistentVolumes = new PersistentVolumeSync(client);
        this.clock = clock;
        this.statuses = new VolumeStatuses(clock);
        this.blockedRecheck = blockedRecheck;
    }

    DeleteControl delete(RdsVolume volume, Context<RdsVolume> context) {
        Optional<PersistentVolumeSync.Blocked> pvBlocked = persistentVolumes.release(volume);
        if (pvBlocked.isPresent()) {
            return outcomes.deletionBlocked(
                    context, volume, pvBlocked.get().reason(), pvBlocked.get().message(), PV_RELEASE_RECHECK);
        }
        Optional<RdsPoolConfig> config = context.getSecondaryResource(RdsPoolConfig.class);
        VolumePlan.History history = VolumePlans.history(volume);
        if (VolumePlans.deletionPolicy(volume) == RdsVolumeSpec.DeletionPolicy.Retain) {
            config.ifPresent(c -> leases.release(volume, VolumeWork.serverKey(volume, c), VolumeSlots.of(volume)));
            return outcomes.released(
                    volume,
                    EventReasons.RETAINED,
                    "Disk " + VolumeSlots.of(volume) + " kept on the RDS (deletionPolicy Retain)");
        }
        Optional<Failure> refused = config.flatMap(c -> VolumeAdmission.refusal(volume, c));
        if (history == VolumePlan.History.NEW && (config.isEmpty() || refused.isPresent())) {
            return outcomes.released(
                    volume, EventReasons.RELEASED, "No disk was provisioned for this volume; nothing to remove");
        }
        Optional<RdsPool> pool = config.flatMap(pools::serving);
        if (refused.isPresent() || pool.isEmpty()) {
            return unreachable(context, volume, config, refused);
        }
        return remove(
                context, new VolumeWork(volume, config.get(), pool.get(), VolumePlans.of(volume, config.get()), false));
    }

    private DeleteControl unreachable(
            Context<RdsVolume> context, RdsVolume volume, Optional<RdsPoolConfig> config, Optional<Failure> refused) {
        String why = refused.map(Failure::message)
                .orElse("RdsPoolConfig " + volume.getSpec().poolConfigName()
                        + (config.isEmpty() ? " does not exist" : " is not ready"));
        Duration recheck = refused.isEmpty() && config.isPresent()
                ? PoolConfigFacts.recheckWithoutPool(config.get(), blockedRecheck)
                : blockedRecheck;
        String reason = refused.map(Failure::reason).orElse(Reasons.DELETION_BLOCKED);
        return outcomes.deletionBlocked(
                context,
                volume,
                reason,
                why + "; the disk cannot be removed until that changes. Set deletionPolicy: Retain to release the"
                        + " volume without touching the RDS.",
                recheck);
    }

    private DeleteControl remove(Context<RdsVolume> context, VolumeWork work) {
        RdsVolume volume = work.volume();
        VolumePlan plan = work.plan();
        try {
            boolean removeAdopted = volume.getSpec().deletionPolicy() == RdsVolumeSpec.DeletionPolicy.Delete;
            VolumeSubvolumes.Deletion all = operations.delete(work.pool(), plan, removeAdopted, work.deadline(clock));
            VolumeOperations.Deletion done = all.volume();
            leases.release(volume, work.serverKey(), plan.slot());
            if (done.leftAlone() != null) {
                events.warning(volume, EventReasons.LEFT_ALONE, "Nothing removed: " + done.leftAlone());
            }
            return outcomes.released(
                    volume,
                    EventReasons.DELETED,
                    (done.diskRemoved() ? "Disk " + plan.slot() : "No disk")
                            + (done.removedFile() != null ? " and file " + done.removedFile() : "")
                            + (all.removedSubvolume() != null ? " and subvolume " + all.removedSubvolume() : "")
                            + " removed");
        } catch (PoolException | RouterOsException | RefusedException e) {
            Failure failure = FailureClassifier.classify(e, statuses.failingFor(volume));
            if (failure.interrupted()) {
                return DeleteControl.noFinalizerRemoval();
            }
            outcomes.reportDetail(volume, failure);
            return outcomes.deletionBlocked(
                    context,
                    volume,
                    failure.reason(),
                    "Deletion blocked: " + failure.message(),
                    failure.permanent() ? outcomes.permanentRecheck() : failure.retryAfter());
        }
    }
}
