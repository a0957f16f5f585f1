package io.srvlab.rds.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.rds.ProvisionedDisk;
import io.srvlab.rds.rds.Refusal;
import io.srvlab.rds.rds.RefusedException;
import io.srvlab.rds.rds.VolumeOperations;
import io.srvlab.rds.rds.VolumePlan;
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
 * Keeps one disk on the RDS per RdsVolume: create or adopt, grow, check for drift, delete per policy. All RouterOS
 * work happens in {@link VolumeOperations}; this class translates between the resource and its status.
 */
@ControllerConfiguration(name = RdsVolumeReconciler.NAME)
public class RdsVolumeReconciler implements Reconciler<RdsVolume>, Cleaner<RdsVolume> {
    private static final Logger LOG = Logger.getLogger(RdsVolumeReconciler.class);
    static final String NAME = "rdsvolume";
    static final String READY = "Ready";
    static final String POOL_CONFIG_INDEX = "poolConfigName";

    private final PoolService pools;
    private final VolumeOperations operations;
    private final VolumeEvents events;
    private final VolumePhases phases;
    private final Duration driftCheckInterval;
    private final Duration permanentRecheck;
    private final Conditions conditions;
    private final Clock clock;
    private final SlotClaims claims;
    private static final Duration POOL_START_WAIT = Duration.ofSeconds(5);

    @Inject
    public RdsVolumeReconciler(
            PoolService pools,
            VolumeOperations operations,
            VolumeEvents events,
            VolumePhases phases,
            SlotClaims claims,
            @ConfigProperty(name = "rds.volume.drift-check-interval", defaultValue = "5m") Duration driftCheckInterval,
            @ConfigProperty(name = "rds.volume.permanent-failure-recheck", defaultValue = "10m")
                    Duration permanentRecheck) {
        this.pools = pools;
        this.operations = operations;
        this.events = events;
        this.phases = phases;
        this.claims = claims;
        this.driftCheckInterval = driftCheckInterval;
        this.permanentRecheck = permanentRecheck;
        this.clock = Clock.systemUTC();
        this.conditions = new Conditions(clock);
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
        return List.of(new InformerEventSource<>(configs, context));
    }

    private static String readiness(RdsPoolConfig config) {
        if (config.getStatus() == null) {
            return "none";
        }
        return Conditions.isTrue(config.getStatus().conditions(), READY) + "/"
                + config.getStatus().circuitState();
    }

    @Override
    public UpdateControl<RdsVolume> reconcile(RdsVolume volume, Context<RdsVolume> context) {
        Optional<RdsPoolConfig> found = context.getSecondaryResource(RdsPoolConfig.class);
        if (found.isEmpty()) {
            return waitFor(
                    volume,
                    "PoolConfigNotFound",
                    "RdsPoolConfig " + volume.getSpec().poolConfigName()
                            + " does not exist; the volume is created once it does",
                    null);
        }
        RdsPoolConfig config = found.get();
        Optional<Failure> refused = VolumeAdmission.refusal(volume, config);
        if (refused.isPresent()) {
            return failed(volume, refused.get(), Phase.Failed);
        }
        boolean settled = isSettled(volume);
        Optional<RdsPool> pool = pools.serving(config);
        boolean diskMissing = VolumeStatuses.isDiskMissing(current(volume));
        if (pool.isEmpty()) {
            if (isReadyForGeneration(volume) || diskMissing) {
                // After a start or fail-over the pool comes up shortly; nothing about the volume changed. That holds
                // for a volume an older operator made Ready too, and a lost disk stays reported as lost: leaving
                // DiskMissing would take a pending recreate request as answered.
                return UpdateControl.<RdsVolume>noUpdate().rescheduleAfter(POOL_START_WAIT);
            }
            return waitFor(
                    volume,
                    "PoolConfigNotReady",
                    "RdsPoolConfig " + config.getMetadata().getName() + " is not ready: "
                            + PoolConfigFacts.readyMessage(config),
                    Duration.ofSeconds(30));
        }
        VolumePlan plan = VolumePlans.of(volume, config);
        Instant deadline = deadline(config);
        if (settled) {
            return checkDrift(volume, config, pool.get(), plan, deadline);
        }
        if (plan.history() == VolumePlan.History.NEW && config.getMetadata().getDeletionTimestamp() != null) {
            return waitFor(
                    volume,
                    "PoolConfigTerminating",
                    "RdsPoolConfig " + config.getMetadata().getName() + " is being deleted and accepts no new volumes",
                    Duration.ofSeconds(30));
        }
        Optional<String> holder = claims.claim(volume, serverKey(volume, config), plan.slot());
        if (holder.isPresent()) {
            return failed(
                    volume,
                    Failure.permanent(
                            "SlotClaimed",
                            "Slot " + plan.slot() + " on this RDS is claimed by " + holder.get()
                                    + "; a slot belongs to one RdsVolume at a time, and nothing was sent to the RDS"),
                    Phase.Failed);
        }
        try {
            ProvisionedDisk disk = operations.ensure(pool.get(), plan, deadline);
            var status = readyStatus(volume, config, plan, disk);
            events.transition(volume, status);
            return patch(volume, status).rescheduleAfter(driftCheckInterval);
        } catch (Exception e) {
            Failure failure = FailureClassifier.classify(e, failingFor(volume));
            if (diskMissing && !failure.permanent()) {
                // Not reaching the RDS says nothing about the lost disk, and must not answer a recreate request.
                LOG.debugf(
                        "Lost disk of %s/%s not looked at: %s (%s)",
                        volume.getMetadata().getNamespace(),
                        volume.getMetadata().getName(),
                        failure.reason(),
                        failure.message());
                return UpdateControl.<RdsVolume>noUpdate().rescheduleAfter(FailureClassifier.backoff(Duration.ZERO));
            }
            Phase phase = current(volume).phase();
            return failed(
                    volume, failure, phase == Phase.Ready || phase == Phase.Resizing ? Phase.Resizing : Phase.Creating);
        }
    }

    /**
     * Ready for the current generation, and provisioned by an operator that records ownership (a volume from before
     * that takes the full path once, which marks its disk and records its server).
     */
    private boolean isSettled(RdsVolume volume) {
        RdsVolumeStatus status = volume.getStatus();
        return isReadyForGeneration(volume)
                && status.server() != null
                && status.capacityBytes() != null
                && status.capacityBytes() >= VolumePlans.bytes(volume.getSpec().size());
    }

    private static boolean isReadyForGeneration(RdsVolume volume) {
        RdsVolumeStatus status = volume.getStatus();
        return status != null
                && status.phase() == Phase.Ready
                && Objects.equals(
                        status.observedGeneration(), volume.getMetadata().getGeneration());
    }

    private UpdateControl<RdsVolume> checkDrift(
            RdsVolume volume, RdsPoolConfig config, RdsPool pool, VolumePlan plan, Instant deadline) {
        Optional<ProvisionedDisk> disk;
        try {
            disk = operations.check(pool, plan, deadline);
        } catch (RefusedException e) {
            return failed(volume, FailureClassifier.classify(e, Duration.ZERO), Phase.Failed);
        } catch (Exception e) {
            return driftCheckFailed(volume, e);
        }
        if (disk.isEmpty()) {
            return failed(
                    volume,
                    FailureClassifier.classify(
                            new RefusedException(
                                    Refusal.DiskMissing,
                                    "Disk " + plan.slot() + " was removed from the RDS outside Kubernetes; it is not"
                                            + " recreated automatically"),
                            Duration.ZERO),
                    Phase.Failed);
        }
        return patch(volume, readyStatus(volume, config, plan, disk.get())).rescheduleAfter(driftCheckInterval);
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
        String name =
                volume.getMetadata().getNamespace() + "/" + volume.getMetadata().getName();
        if (failure.permanent()) {
            LOG.warnf("Drift check of %s cannot run: %s (%s)", name, failure.reason(), failure.message());
            events.warning(
                    volume,
                    "DriftCheckFailed",
                    "Cannot check the disk: " + failure.reason() + ": " + failure.message());
        } else {
            LOG.debugf("Drift check of %s skipped: %s (%s)", name, failure.reason(), failure.message());
        }
        return UpdateControl.<RdsVolume>noUpdate().rescheduleAfter(driftCheckInterval);
    }

    @Override
    public DeleteControl cleanup(RdsVolume volume, Context<RdsVolume> context) {
        Optional<RdsPoolConfig> config = context.getSecondaryResource(RdsPoolConfig.class);
        VolumePlan.History history = VolumePlans.history(volume);
        if (VolumePlans.deletionPolicy(volume) == RdsVolumeSpec.DeletionPolicy.Retain) {
            config.ifPresent(c -> claims.release(volume, serverKey(volume, c), VolumePlans.slotOf(volume)));
            return released(
                    volume,
                    "Retained",
                    "Disk " + VolumePlans.slotOf(volume) + " kept on the RDS (deletionPolicy Retain)");
        }
        if (config.isEmpty() && history == VolumePlan.History.NEW) {
            return released(volume, "Released", "No disk was provisioned for this volume; nothing to remove");
        }
        Optional<Failure> refused = config.flatMap(c -> VolumeAdmission.refusal(volume, c));
        if (refused.isPresent() && history == VolumePlan.History.NEW) {
            return released(volume, "Released", "No disk was provisioned for this volume; nothing to remove");
        }
        Optional<RdsPool> pool = config.flatMap(pools::serving);
        if (refused.isPresent() || pool.isEmpty()) {
            String why = refused.map(Failure::message)
                    .orElse("RdsPoolConfig " + volume.getSpec().poolConfigName()
                            + (config.isEmpty() ? " does not exist" : " is not ready"));
            writeStatus(
                    context,
                    volume,
                    status(
                            volume,
                            Phase.Deleting,
                            Conditions.of(
                                    READY,
                                    false,
                                    refused.map(Failure::reason).orElse("DeletionBlocked"),
                                    why + "; the disk cannot be removed until that changes. Set deletionPolicy: Retain"
                                            + " to release the volume without touching the RDS.")));
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(30));
        }
        VolumePlan plan = VolumePlans.of(volume, config.get());
        try {
            VolumeOperations.Deletion done = operations.delete(pool.get(), plan, deadline(config.get()));
            claims.release(volume, serverKey(volume, config.get()), plan.slot());
            if (done.leftAlone() != null) {
                events.warning(volume, "LeftAlone", "Nothing removed: " + done.leftAlone());
            }
            return released(
                    volume,
                    "Deleted",
                    (done.diskRemoved() ? "Disk " + plan.slot() : "No disk")
                            + (done.fileRemoved() != null ? " and file " + done.fileRemoved() : "") + " removed");
        } catch (Exception e) {
            Failure failure = FailureClassifier.classify(e, failingFor(volume));
            writeStatus(
                    context,
                    volume,
                    status(
                            volume,
                            Phase.Deleting,
                            Conditions.of(READY, false, failure.reason(), "Deletion blocked: " + failure.message())));
            return DeleteControl.noFinalizerRemoval()
                    .rescheduleAfter(failure.permanent() ? permanentRecheck : failure.retryAfter());
        }
    }

    private DeleteControl released(RdsVolume volume, String reason, String message) {
        phases.forget(ResourceID.fromResource(volume));
        events.normal(volume, reason, message);
        return DeleteControl.defaultDelete();
    }

    private UpdateControl<RdsVolume> failed(RdsVolume volume, Failure failure, Phase transientPhase) {
        Phase phase = failure.permanent() ? Phase.Failed : transientPhase;
        var status = status(volume, phase, Conditions.of(READY, false, failure.reason(), failure.message()));
        events.transition(volume, status);
        return patch(volume, status).rescheduleAfter(failure.permanent() ? permanentRecheck : failure.retryAfter());
    }

    private UpdateControl<RdsVolume> waitFor(RdsVolume volume, String reason, String message, Duration recheck) {
        var status = status(volume, Phase.Pending, Conditions.of(READY, false, reason, message));
        var control = patch(volume, status);
        return recheck == null ? control : control.rescheduleAfter(recheck);
    }

    /**
     * The disk's facts as the RDS reports them; the server, file path and NQN recorded at provisioning stay. A check
     * that finds the disk as it was keeps the Ready condition as it was, so it writes nothing.
     */
    private RdsVolumeStatus readyStatus(RdsVolume volume, RdsPoolConfig config, VolumePlan plan, ProvisionedDisk disk) {
        RdsVolumeStatus current = current(volume);
        Condition ready =
                switch (disk.origin()) {
                    case ADOPTED ->
                        Conditions.of(
                                READY,
                                true,
                                "Adopted",
                                "Disk " + disk.slot()
                                        + " was adopted and marked as this volume's; it is kept on deletion"
                                        + " unless deletionPolicy is Delete");
                    case CREATED ->
                        plan.history() == VolumePlan.History.RECREATE_REQUESTED
                                ? Conditions.of(
                                        READY,
                                        true,
                                        "Recreated",
                                        "A new, EMPTY disk " + disk.slot() + " replaces the lost one, as requested by"
                                                + " spec.recreateMissingDisk="
                                                + volume.getSpec().recreateMissingDisk())
                                : provisioned(disk);
                    case OWNED, MARKED ->
                        Conditions.find(current.conditions(), READY)
                                .filter(c -> Condition.TRUE.equals(c.getStatus()))
                                .map(c -> Conditions.of(READY, true, c.getReason(), c.getMessage()))
                                .orElseGet(() -> provisioned(disk));
                };
        var nvme = current.nvmeTcp() != null && current.filePath() != null
                ? current.nvmeTcp()
                : new RdsVolumeStatus.NvmeTcp(config.getSpec().server().address(), disk.nvmeTcpPort());
        var server = current.server() != null
                ? current.server()
                : ServerIdentity.of(config.getSpec().server());
        var status = current.withDisk(disk.slot(), disk.filePath(), disk.nqn(), nvme, disk.capacityBytes(), server)
                .withOutcome(
                        Phase.Ready,
                        conditions.set(current.conditions(), ready, generation(volume)),
                        generation(volume),
                        null);
        if (disk.origin() == ProvisionedDisk.Origin.ADOPTED) {
            status = status.withAdopted(true);
        }
        if (plan.history() == VolumePlan.History.RECREATE_REQUESTED) {
            status = status.withLastRecreateRequest(volume.getSpec().recreateMissingDisk());
        }
        return status;
    }

    private static Condition provisioned(ProvisionedDisk disk) {
        return Conditions.of(READY, true, "Provisioned", "Disk " + disk.slot() + " is exported over NVMe/TCP");
    }

    /**
     * Keeps what is known of the disk (slot, path, …) and replaces phase, the condition and message. The first time a
     * disk is found missing, a recreate request already in the spec counts as answered: only a value set after the
     * loss was reported asks for a new disk.
     */
    private RdsVolumeStatus status(RdsVolume volume, Phase phase, Condition condition) {
        RdsVolumeStatus current = current(volume);
        var status = current.withOutcome(
                phase,
                conditions.set(current.conditions(), condition, generation(volume)),
                generation(volume),
                condition.getMessage());
        if (Refusal.DiskMissing.name().equals(condition.getReason()) && !VolumeStatuses.isDiskMissing(current)) {
            status = status.withLastRecreateRequest(volume.getSpec().recreateMissingDisk());
        }
        return status;
    }

    /** Claims are per server: the one the volume was provisioned on, else the one its pool config names now. */
    private static String serverKey(RdsVolume volume, RdsPoolConfig config) {
        RdsVolumeStatus status = volume.getStatus();
        return ServerIdentity.key(
                status != null && status.server() != null
                        ? status.server()
                        : ServerIdentity.of(config.getSpec().server()));
    }

    private static RdsVolumeStatus current(RdsVolume volume) {
        return volume.getStatus() != null ? volume.getStatus() : RdsVolumeStatus.empty();
    }

    private static long generation(RdsVolume volume) {
        Long generation = volume.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    private Duration failingFor(RdsVolume volume) {
        return Conditions.find(current(volume).conditions(), READY)
                .filter(c -> Condition.FALSE.equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(c -> Duration.between(Instant.parse(c.getLastTransitionTime()), clock.instant()))
                .orElse(Duration.ZERO);
    }

    private static Instant deadline(RdsPoolConfig config) {
        return Instant.now().plus(PoolConfigFacts.commandBudget(config.getSpec()));
    }

    /** Patches status only when it changed: unchanged outcomes cost no API call. */
    private UpdateControl<RdsVolume> patch(RdsVolume volume, RdsVolumeStatus status) {
        phases.record(ResourceID.fromResource(volume), status.phase());
        if (status.equals(volume.getStatus())) {
            return UpdateControl.noUpdate();
        }
        return UpdateControl.patchStatus(statusOnly(volume, status));
    }

    private static void writeStatus(Context<RdsVolume> context, RdsVolume volume, RdsVolumeStatus status) {
        if (!status.equals(volume.getStatus())) {
            context.getClient().resource(statusOnly(volume, status)).patchStatus();
        }
    }

    /** Server-side apply of status sends only identity and status, so the operator never owns spec fields. */
    private static RdsVolume statusOnly(RdsVolume volume, RdsVolumeStatus status) {
        var patch = new RdsVolume();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(volume.getMetadata().getName())
                .withNamespace(volume.getMetadata().getNamespace())
                .build());
        patch.setStatus(status);
        return patch;
    }
}
