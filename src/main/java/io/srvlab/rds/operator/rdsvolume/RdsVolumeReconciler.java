package io.srvlab.rds.operator.rdsvolume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.common.EventReasons;
import io.srvlab.rds.operator.common.EventRecorder;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.FailureClassifier;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.operator.common.StatusRecorder;
import io.srvlab.rds.operator.common.VolumeSlots;
import io.srvlab.rds.operator.rdspoolconfig.PoolConfigFacts;
import io.srvlab.rds.operator.rdspoolconfig.PoolConfigStatuses;
import io.srvlab.rds.operator.rdspoolconfig.PoolService;
import io.srvlab.rds.operator.rdspoolconfig.ServerIdentity;
import io.srvlab.rds.operator.storage.PersistentVolumeSync;
import io.srvlab.rds.operator.storage.PersistentVolumes;
import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.volume.Inventories;
import io.srvlab.rds.volume.Inventory;
import io.srvlab.rds.volume.ProvisionedDisk;
import io.srvlab.rds.volume.Refusal;
import io.srvlab.rds.volume.RefusedException;
import io.srvlab.rds.volume.VolumeOperations;
import io.srvlab.rds.volume.VolumePlan;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps one disk on the RDS per RdsVolume: create or adopt, grow, check for drift, delete per policy. It orchestrates
 * only — observe (pool config, admission, claim), act ({@link VolumeOperations}), record ({@link VolumeStatuses},
 * {@link StatusRecorder}, {@link EventRecorder}).
 */
@ControllerConfiguration(name = RdsVolumeReconciler.NAME)
public class RdsVolumeReconciler implements Reconciler<RdsVolume>, Cleaner<RdsVolume> {
    private static final Logger LOG = Logger.getLogger(RdsVolumeReconciler.class);
    static final String NAME = "rdsvolume";
    static final String POOL_CONFIG_INDEX = "poolConfigName";
    private static final Duration POOL_START_WAIT = Duration.ofSeconds(5);
    private static final Duration BLOCKED_RECHECK = Duration.ofSeconds(30);
    private static final Duration CLAIM_RECHECK = Duration.ofSeconds(30);
    private static final Duration SPACE_LOOK_MAX_AGE = Duration.ofMinutes(1);
    /** Pods going away produce no event for a volume; a refused deletion looks again this often. */
    private static final Duration PV_RELEASE_RECHECK = Duration.ofSeconds(5);

    private final PoolService pools;
    private final VolumeOperations operations;
    private final EventRecorder events;
    private final VolumePhaseGauge phases;
    private final SlotLeases leases;
    private final Inventories inventories;
    private final DriftCheckCounter driftChecks;
    private final KubernetesClient client;
    private final Duration driftCheckInterval;
    private final Duration permanentRecheck;
    private final Clock clock;
    private final VolumeStatuses statuses;
    private final StatusRecorder<RdsVolume, RdsVolumeStatus> recorder = new StatusRecorder<>(RdsVolume::new);

    @Inject
    public RdsVolumeReconciler(
            PoolService pools,
            VolumeOperations operations,
            EventRecorder events,
            VolumePhaseGauge phases,
            SlotLeases leases,
            Inventories inventories,
            DriftCheckCounter driftChecks,
            KubernetesClient client,
            Clock clock,
            @ConfigProperty(name = "rds.volume.drift-check-interval", defaultValue = "5m") Duration driftCheckInterval,
            @ConfigProperty(name = "rds.volume.permanent-failure-recheck", defaultValue = "10m")
                    Duration permanentRecheck) {
        this.pools = pools;
        this.operations = operations;
        this.events = events;
        this.phases = phases;
        this.leases = leases;
        this.inventories = inventories;
        this.driftChecks = driftChecks;
        this.client = client;
        this.clock = clock;
        this.statuses = new VolumeStatuses(clock);
        this.driftCheckInterval = driftCheckInterval;
        this.permanentRecheck = permanentRecheck;
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
        return List.of(
                new InformerEventSource<>(configs, context), new InformerEventSource<>(persistentVolumes, context));
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
        Optional<RdsPoolConfig> found = context.getSecondaryResource(RdsPoolConfig.class);
        if (found.isEmpty()) {
            return record(
                    volume,
                    statuses.waiting(
                            volume,
                            Reasons.POOL_CONFIG_NOT_FOUND,
                            "RdsPoolConfig " + volume.getSpec().poolConfigName()
                                    + " does not exist; the volume is created once it does"),
                    null);
        }
        RdsPoolConfig config = found.get();
        Optional<Failure> refused = VolumeAdmission.refusal(volume, config);
        if (refused.isPresent()) {
            return failed(volume, refused.get(), Phase.Failed);
        }
        Optional<RdsPool> pool = pools.serving(config);
        if (pool.isEmpty()) {
            return waitForPool(volume, config);
        }
        VolumePlan plan = VolumePlans.of(volume, config);
        if (VolumeStatuses.isSettled(volume)) {
            return checkDrift(volume, config, pool.get(), plan);
        }
        if (!plan.expectsItsDisk() && config.getMetadata().getDeletionTimestamp() != null) {
            return record(
                    volume,
                    statuses.waiting(
                            volume,
                            Reasons.POOL_CONFIG_TERMINATING,
                            "RdsPoolConfig " + config.getMetadata().getName()
                                    + " is being deleted and accepts no new volumes"),
                    BLOCKED_RECHECK);
        }
        Optional<String> holder = leases.acquire(volume, serverKey(volume, config), plan.slot());
        if (holder.isPresent()) {
            // Looked at again soon: the claim frees up when its holder goes, which nothing else would tell us.
            return failed(
                    volume,
                    Failure.transientFor(
                            Reasons.SLOT_CLAIMED,
                            "Slot " + plan.slot() + " on this RDS is claimed by " + holder.get()
                                    + "; a slot belongs to one RdsVolume at a time, and nothing was sent to the RDS",
                            CLAIM_RECHECK),
                    Phase.Pending);
        }
        return provision(volume, config, pool.get(), plan);
    }

    /**
     * No pool serves the config's server yet. After a start or fail-over it comes up shortly and nothing about a volume
     * that was Ready or Failed for its generation changed (also one an older operator made Ready); a lost disk stays
     * reported as lost. Others wait visibly.
     */
    private UpdateControl<RdsVolume> waitForPool(RdsVolume volume, RdsPoolConfig config) {
        if (VolumeStatuses.isSettledOutcomeForGeneration(volume)
                || VolumeStatuses.isDiskMissing(VolumeStatuses.current(volume))) {
            return UpdateControl.<RdsVolume>noUpdate().rescheduleAfter(POOL_START_WAIT);
        }
        return record(
                volume,
                statuses.waiting(
                        volume,
                        Reasons.POOL_CONFIG_NOT_READY,
                        "RdsPoolConfig " + config.getMetadata().getName() + " is not ready: "
                                + PoolConfigFacts.readyMessage(config)),
                // A config whose status (from before a restart) already says Ready will not change when this
                // process's pool comes up, so no event would wake the volume: it looks again soon.
                Conditions.isTrue(PoolConfigStatuses.current(config).conditions(), ConditionTypes.READY)
                        ? POOL_START_WAIT
                        : BLOCKED_RECHECK);
    }

    /**
     * Creates, adopts, marks or grows the disk, or records why not. What a create or grow adds must fit the free
     * space the pool's inventory shows (less what others booked since): if not, nothing is sent, and the volume is
     * Failed as when RouterOS refuses for lack of space, but looked at again every status interval (which costs no
     * command) rather than every ten minutes.
     */
    private UpdateControl<RdsVolume> provision(RdsVolume volume, RdsPoolConfig config, RdsPool pool, VolumePlan plan) {
        Phase before = VolumeStatuses.current(volume).phase();
        Phase working = before == Phase.Ready || before == Phase.Resizing ? Phase.Resizing : Phase.Creating;
        try {
            Instant deadline = deadline(config);
            Optional<Inventory> seen = spaceInventory(config, pool, deadline);
            long adds = seen.flatMap(inventory -> inventory.disk(plan.slot()))
                    .map(d -> Math.max(0, plan.sizeBytes() - d.sizeBytes()))
                    .orElse(plan.expectsItsDisk() ? 0 : plan.sizeBytes());
            if (seen.isPresent() && !seen.get().book(adds)) {
                Inventory inventory = seen.get();
                return failed(
                        volume,
                        Failure.transientFor(
                                Reasons.NOT_ENOUGH_SPACE,
                                "Disk " + plan.slot() + " needs " + adds + " more bytes but the RDS filesystem has "
                                        + Math.max(0, inventory.unbookedFreeBytes()) + " of "
                                        + inventory.capacity().totalBytes() + " free (not yet booked by other"
                                        + " volumes); nothing was sent to the RDS",
                                PoolConfigFacts.statusInterval(config.getSpec())),
                        Phase.Failed);
            }
            ProvisionedDisk disk = operations.ensure(pool, plan, deadline);
            return record(volume, ready(volume, config, plan, disk), driftCheckInterval);
        } catch (RefusedException e) {
            if (plan.history() == VolumePlan.History.NEW) {
                releaseAfterRefusal(volume, config, plan);
            }
            return failed(volume, FailureClassifier.classify(e, Duration.ZERO), Phase.Failed);
        } catch (PoolException | RouterOsException e) {
            Failure failure = FailureClassifier.classify(e, statuses.failingFor(volume));
            if (VolumeStatuses.isDiskMissing(VolumeStatuses.current(volume)) && !failure.permanent()) {
                // Not reaching the RDS says nothing about the lost disk, and must not answer a recreate request.
                LOG.debugf("Lost disk of %s not looked at: %s (%s)", name(volume), failure.reason(), failure.message());
                return UpdateControl.<RdsVolume>noUpdate().rescheduleAfter(FailureClassifier.backoff(Duration.ZERO));
            }
            return failed(volume, failure, working);
        }
    }

    /**
     * The inventory a create or grow checks its space against: the latest one while it is at most {@link
     * #SPACE_LOOK_MAX_AGE} old (the pool config reads one every status interval, and RouterOS has the last word
     * anyway), else a new one. Empty when none can be read now: the space is then unknown and RouterOS decides. A
     * create never waits for a read that other volumes may be waiting for too.
     */
    private Optional<Inventory> spaceInventory(RdsPoolConfig config, RdsPool pool, Instant deadline) {
        Optional<Inventory> latest = inventories
                .latest(config.getMetadata().getName())
                .filter(i -> i.takenAt().plus(SPACE_LOOK_MAX_AGE).isAfter(clock.instant()))
                .filter(i ->
                        i.basePath().equals(config.getSpec().volumeDefaults().basePath()));
        if (latest.isPresent()) {
            return latest;
        }
        try {
            return Optional.of(inventory(config, pool, deadline));
        } catch (PoolException | RouterOsException unknown) {
            LOG.debugf("Space not checked before provisioning: %s", unknown.getMessage());
            return Optional.empty();
        }
    }

    private Inventory inventory(RdsPoolConfig config, RdsPool pool, Instant deadline)
            throws PoolException, RouterOsException {
        return inventories.current(
                config.getMetadata().getName(),
                pool,
                PoolConfigFacts.inventoryScope(config.getSpec()),
                PoolConfigFacts.statusInterval(config.getSpec()),
                deadline);
    }

    /**
     * The slot holds what is not this volume's and nothing was provisioned: a claim kept now would only keep out a
     * volume that may use the slot (e.g. one of a namespace allowed to adopt its disk). A claim that cannot be released
     * now is kept until the next check rather than hiding the refusal.
     */
    private void releaseAfterRefusal(RdsVolume volume, RdsPoolConfig config, VolumePlan plan) {
        try {
            leases.release(volume, serverKey(volume, config), plan.slot());
        } catch (KubernetesClientException notReleased) {
            LOG.debugf("Claim on %s kept until the next check: %s", plan.slot(), notReleased.getMessage());
        }
    }

    /**
     * Reads the disk from the pool's shared inventory (at most a status interval old); only a disk that looks gone or
     * not this volume's there is looked up on the RDS.
     */
    private UpdateControl<RdsVolume> checkDrift(RdsVolume volume, RdsPoolConfig config, RdsPool pool, VolumePlan plan) {
        Optional<ProvisionedDisk> disk;
        try {
            Instant deadline = deadline(config);
            disk = operations.check(pool, plan, inventory(config, pool, deadline), deadline);
        } catch (RefusedException e) {
            driftChecks.count(DriftCheckCounter.Result.refused);
            return failed(volume, FailureClassifier.classify(e, Duration.ZERO), Phase.Failed);
        } catch (PoolException | RouterOsException e) {
            driftChecks.count(DriftCheckCounter.Result.skipped);
            return driftCheckFailed(volume, e);
        }
        if (disk.isEmpty()) {
            driftChecks.count(DriftCheckCounter.Result.missing);
            var missing = new RefusedException(
                    Refusal.DiskMissing,
                    "Disk " + plan.slot() + " was removed from the RDS outside Kubernetes; it is not recreated"
                            + " automatically");
            return failed(volume, FailureClassifier.classify(missing, Duration.ZERO), Phase.Failed);
        }
        driftChecks.count(DriftCheckCounter.Result.intact);
        return record(volume, ready(volume, config, plan, disk.get()), driftCheckInterval);
    }

    /**
     * The Ready status, with the PersistentVolume the volume asks for written (or the one it no longer asks for
     * removed, unless a Pod uses it). An export of the operator's own disk that had to be set right is an event.
     */
    private RdsVolumeStatus ready(RdsVolume volume, RdsPoolConfig config, VolumePlan plan, ProvisionedDisk disk) {
        if (disk.exportRepaired() != null) {
            events.warning(
                    volume,
                    EventReasons.EXPORT_REPAIRED,
                    "The NVMe/TCP export of disk " + disk.slot() + " had been changed on the RDS ("
                            + disk.exportRepaired() + "); it is set back to port " + disk.nvmeTcpPort() + " and NQN "
                            + disk.nqn());
        }
        RdsVolumeStatus status = statuses.ready(volume, config, plan, disk);
        try {
            return withPersistentVolume(volume, status);
        } catch (KubernetesClientException e) {
            // The disk is fine; only the PersistentVolume could not be looked at now. The next check tries again.
            LOG.debugf("PersistentVolume of %s not synced: %s", name(volume), e.getMessage());
            return statuses.withCondition(
                    volume,
                    status,
                    Conditions.of(
                            ConditionTypes.PERSISTENT_VOLUME,
                            false,
                            Reasons.PERSISTENT_VOLUME_NOT_SYNCED,
                            "The API server did not answer as expected: " + e.getMessage()));
        }
    }

    private RdsVolumeStatus withPersistentVolume(RdsVolume volume, RdsVolumeStatus status) {
        var volumes = new PersistentVolumeSync(client);
        if (volume.getSpec().persistentVolume() != null) {
            var outcome = volumes.ensure(volume, status, VolumePlans.deletionPolicy(volume));
            return statuses.withCondition(volume, status, outcome.condition()).withPersistentVolume(outcome.name());
        }
        if (status.persistentVolume() == null) {
            return status;
        }
        Optional<PersistentVolumeSync.Blocked> blocked = volumes.release(volume);
        if (blocked.isPresent()) {
            return statuses.withCondition(
                    volume,
                    status,
                    Conditions.of(
                            ConditionTypes.PERSISTENT_VOLUME,
                            false,
                            blocked.get().reason(),
                            blocked.get().message()));
        }
        return VolumeStatuses.withoutCondition(status, ConditionTypes.PERSISTENT_VOLUME)
                .withPersistentVolume(null);
    }

    /**
     * A periodic check that could not look at the disk says nothing about the disk: the volume stays Ready (its
     * export does not depend on our SSH session) and is looked at again next period. Trouble reaching the RDS shows on
     * the RdsPoolConfig (Reachable, CircuitClosed), not on every volume it holds. A check that fails for a reason
     * waiting will not cure (RouterOS output we cannot read, a refused command) means drift goes unseen: that is a
     * Warning event and log line each period, still without touching Ready.
     */
    private UpdateControl<RdsVolume> driftCheckFailed(RdsVolume volume, Exception e) {
        Failure failure = FailureClassifier.classify(e, Duration.ZERO);
        if (failure.interrupted()) {
            return UpdateControl.noUpdate();
        }
        if (failure.permanent()) {
            LOG.warnf("Drift check of %s cannot run: %s (%s)", name(volume), failure.reason(), failure.message());
            events.warning(
                    volume,
                    Reasons.DRIFT_CHECK_FAILED,
                    "Cannot check the disk: " + failure.reason() + ": " + failure.message());
        } else {
            LOG.debugf("Drift check of %s skipped: %s (%s)", name(volume), failure.reason(), failure.message());
        }
        return UpdateControl.<RdsVolume>noUpdate().rescheduleAfter(driftCheckInterval);
    }

    @Override
    public DeleteControl cleanup(RdsVolume volume, Context<RdsVolume> context) {
        Optional<PersistentVolumeSync.Blocked> pvBlocked = new PersistentVolumeSync(client).release(volume);
        if (pvBlocked.isPresent()) {
            return deletionBlocked(
                    context, volume, pvBlocked.get().reason(), pvBlocked.get().message(), PV_RELEASE_RECHECK);
        }
        Optional<RdsPoolConfig> config = context.getSecondaryResource(RdsPoolConfig.class);
        VolumePlan.History history = VolumePlans.history(volume);
        if (VolumePlans.deletionPolicy(volume) == RdsVolumeSpec.DeletionPolicy.Retain) {
            config.ifPresent(c -> leases.release(volume, serverKey(volume, c), VolumeSlots.of(volume)));
            return released(
                    volume,
                    EventReasons.RETAINED,
                    "Disk " + VolumeSlots.of(volume) + " kept on the RDS (deletionPolicy Retain)");
        }
        Optional<Failure> refused = config.flatMap(c -> VolumeAdmission.refusal(volume, c));
        if (history == VolumePlan.History.NEW && (config.isEmpty() || refused.isPresent())) {
            return released(
                    volume, EventReasons.RELEASED, "No disk was provisioned for this volume; nothing to remove");
        }
        Optional<RdsPool> pool = config.flatMap(pools::serving);
        if (refused.isPresent() || pool.isEmpty()) {
            String why = refused.map(Failure::message)
                    .orElse("RdsPoolConfig " + volume.getSpec().poolConfigName()
                            + (config.isEmpty() ? " does not exist" : " is not ready"));
            String reason = refused.map(Failure::reason).orElse(Reasons.DELETION_BLOCKED);
            return deletionBlocked(
                    context,
                    volume,
                    reason,
                    why + "; the disk cannot be removed until that changes. Set deletionPolicy: Retain to release the"
                            + " volume without touching the RDS.",
                    BLOCKED_RECHECK);
        }
        VolumePlan plan = VolumePlans.of(volume, config.get());
        try {
            boolean removeAdopted = volume.getSpec().deletionPolicy() == RdsVolumeSpec.DeletionPolicy.Delete;
            VolumeOperations.Deletion done = operations.delete(pool.get(), plan, removeAdopted, deadline(config.get()));
            leases.release(volume, serverKey(volume, config.get()), plan.slot());
            if (done.leftAlone() != null) {
                events.warning(volume, EventReasons.LEFT_ALONE, "Nothing removed: " + done.leftAlone());
            }
            return released(
                    volume,
                    EventReasons.DELETED,
                    (done.diskRemoved() ? "Disk " + plan.slot() : "No disk")
                            + (done.removedFile() != null ? " and file " + done.removedFile() : "") + " removed");
        } catch (PoolException | RouterOsException | RefusedException e) {
            Failure failure = FailureClassifier.classify(e, statuses.failingFor(volume));
            if (failure.interrupted()) {
                return DeleteControl.noFinalizerRemoval();
            }
            return deletionBlocked(
                    context,
                    volume,
                    failure.reason(),
                    "Deletion blocked: " + failure.message(),
                    failure.permanent() ? permanentRecheck : failure.retryAfter());
        }
    }

    /**
     * An exception no path expected (a bug, or the API server failing a claim): logged with its stack trace, shown on
     * the volume, and retried by JOSDK's retry policy.
     */
    @Override
    public ErrorStatusUpdateControl<RdsVolume> updateErrorStatus(
            RdsVolume volume, Context<RdsVolume> context, Exception e) {
        LOG.errorf(e, "Reconciling RdsVolume %s failed", name(volume));
        Phase phase = VolumeStatuses.current(volume).phase();
        var status = statuses.outcome(
                volume,
                phase == null ? Phase.Pending : phase,
                Conditions.of(ConditionTypes.READY, false, Reasons.RECONCILE_ERROR, FailureClassifier.describe(e)));
        return recorder.updateError(volume, status);
    }

    private DeleteControl deletionBlocked(
            Context<RdsVolume> context, RdsVolume volume, String reason, String message, Duration recheck) {
        recorder.write(
                context,
                volume,
                statuses.outcome(volume, Phase.Deleting, Conditions.of(ConditionTypes.READY, false, reason, message)));
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(recheck);
    }

    private DeleteControl released(RdsVolume volume, String reason, String message) {
        phases.forget(ResourceID.fromResource(volume));
        events.normal(volume, reason, message);
        return DeleteControl.defaultDelete();
    }

    private UpdateControl<RdsVolume> failed(RdsVolume volume, Failure failure, Phase transientPhase) {
        if (failure.interrupted()) {
            return UpdateControl.noUpdate();
        }
        return record(
                volume,
                statuses.failed(volume, failure, transientPhase),
                failure.permanent() ? permanentRecheck : failure.retryAfter());
    }

    /** Records the outcome: the phase gauge, an event if the Ready reason changed, and the status if it changed. */
    private UpdateControl<RdsVolume> record(RdsVolume volume, RdsVolumeStatus status, Duration recheck) {
        phases.record(ResourceID.fromResource(volume), status.phase());
        events.transitions(
                volume,
                VolumeStatuses.current(volume).conditions(),
                status.conditions(),
                List.of(ConditionTypes.READY));
        UpdateControl<RdsVolume> control = recorder.update(volume, status);
        return recheck == null ? control : control.rescheduleAfter(recheck);
    }

    /** Claims are per server: the one the volume was provisioned on, else the one its pool config names now. */
    private static String serverKey(RdsVolume volume, RdsPoolConfig config) {
        RdsVolumeStatus status = volume.getStatus();
        return ServerIdentity.key(
                status != null && status.server() != null
                        ? status.server()
                        : ServerIdentity.of(config.getSpec().server()));
    }

    private Instant deadline(RdsPoolConfig config) {
        return clock.instant().plus(PoolConfigFacts.commandBudget(config.getSpec()));
    }

    private static String name(RdsVolume volume) {
        return volume.getMetadata().getNamespace() + "/" + volume.getMetadata().getName();
    }
}
