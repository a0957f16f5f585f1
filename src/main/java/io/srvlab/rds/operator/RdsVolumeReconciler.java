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

    @Inject
    public RdsVolumeReconciler(
            PoolService pools,
            VolumeOperations operations,
            VolumeEvents events,
            VolumePhases phases,
            @ConfigProperty(name = "rds.volume.drift-check-interval", defaultValue = "5m") Duration driftCheckInterval,
            @ConfigProperty(name = "rds.volume.permanent-failure-recheck", defaultValue = "10m")
                    Duration permanentRecheck) {
        this.pools = pools;
        this.operations = operations;
        this.events = events;
        this.phases = phases;
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
        Optional<RdsPoolConfig> config = context.getSecondaryResource(RdsPoolConfig.class);
        if (config.isEmpty()) {
            return waitFor(
                    volume,
                    "PoolConfigNotFound",
                    "RdsPoolConfig " + volume.getSpec().poolConfigName()
                            + " does not exist; the volume is created once it does",
                    null);
        }
        Optional<RdsPool> pool = pools.find(config.get().getMetadata().getName());
        if (pool.isEmpty()) {
            return waitFor(
                    volume,
                    "PoolConfigNotReady",
                    "RdsPoolConfig " + config.get().getMetadata().getName() + " is not ready: "
                            + PoolConfigFacts.readyMessage(config.get()),
                    Duration.ofSeconds(30));
        }
        VolumePlan plan = VolumePlans.of(volume, config.get().getSpec().volumeDefaults());
        Instant deadline = deadline(config.get());
        if (isSettled(volume, plan)) {
            try {
                return checkDrift(volume, config.get(), pool.get(), plan, deadline);
            } catch (Exception e) {
                return driftCheckFailed(volume, e);
            }
        }
        try {
            ProvisionedDisk disk = operations.ensure(pool.get(), plan, deadline);
            var status = readyStatus(
                    volume, config.get(), disk, "Provisioned", "Disk " + disk.slot() + " is exported over NVMe/TCP");
            events.transition(volume, status);
            return patch(volume, status).rescheduleAfter(driftCheckInterval);
        } catch (Exception e) {
            Phase phase = current(volume).phase();
            return failed(volume, e, phase == Phase.Ready || phase == Phase.Resizing ? Phase.Resizing : Phase.Creating);
        }
    }

    private boolean isSettled(RdsVolume volume, VolumePlan plan) {
        RdsVolumeStatus status = volume.getStatus();
        return status != null
                && status.phase() == Phase.Ready
                && Objects.equals(
                        status.observedGeneration(), volume.getMetadata().getGeneration())
                && status.capacityBytes() != null
                && status.capacityBytes() >= plan.sizeBytes();
    }

    private UpdateControl<RdsVolume> checkDrift(
            RdsVolume volume, RdsPoolConfig config, RdsPool pool, VolumePlan plan, Instant deadline) throws Exception {
        Optional<ProvisionedDisk> disk = operations.find(pool, plan, deadline);
        if (disk.isEmpty()) {
            var status = status(
                    volume,
                    Phase.Failed,
                    Conditions.of(
                            READY,
                            false,
                            "DiskMissing",
                            "Disk " + plan.slot() + " was removed from the RDS outside Kubernetes; it is not recreated"
                                    + " automatically. Delete and re-create the RdsVolume to provision a new, empty disk."));
            events.transition(volume, status);
            return patch(volume, status).rescheduleAfter(driftCheckInterval);
        }
        return patch(
                        volume,
                        readyStatus(
                                volume,
                                config,
                                disk.get(),
                                "Provisioned",
                                "Disk " + plan.slot() + " is exported over NVMe/TCP"))
                .rescheduleAfter(driftCheckInterval);
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
        if (volume.getSpec().deletionPolicy() == RdsVolumeSpec.DeletionPolicy.Retain) {
            phases.forget(ResourceID.fromResource(volume));
            events.normal(
                    volume,
                    "Retained",
                    "Disk " + VolumePlans.slotOf(volume) + " kept on the RDS (deletionPolicy Retain)");
            return DeleteControl.defaultDelete();
        }
        Optional<RdsPoolConfig> config = context.getSecondaryResource(RdsPoolConfig.class);
        Optional<RdsPool> pool = config.flatMap(c -> pools.find(c.getMetadata().getName()));
        if (pool.isEmpty()) {
            String why = config.isEmpty()
                    ? "RdsPoolConfig " + volume.getSpec().poolConfigName() + " does not exist"
                    : "RdsPoolConfig " + volume.getSpec().poolConfigName() + " is not ready";
            writeStatus(
                    context,
                    volume,
                    status(
                            volume,
                            Phase.Deleting,
                            Conditions.of(
                                    READY,
                                    false,
                                    "DeletionBlocked",
                                    why
                                            + "; the disk cannot be removed until it is. Set deletionPolicy: Retain to release the volume"
                                            + " without touching the RDS.")));
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(30));
        }
        VolumePlan plan = VolumePlans.of(volume, config.get().getSpec().volumeDefaults());
        try {
            operations.delete(pool.get(), plan, deadline(config.get()));
            phases.forget(ResourceID.fromResource(volume));
            events.normal(volume, "Deleted", "Disk " + plan.slot() + " and file " + plan.filePath() + " removed");
            return DeleteControl.defaultDelete();
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

    private UpdateControl<RdsVolume> failed(RdsVolume volume, Exception e, Phase transientPhase) {
        Failure failure = FailureClassifier.classify(e, failingFor(volume));
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

    private RdsVolumeStatus readyStatus(
            RdsVolume volume, RdsPoolConfig config, ProvisionedDisk disk, String reason, String message) {
        var nvme = new RdsVolumeStatus.NvmeTcp(config.getSpec().server().address(), disk.nvmeTcpPort());
        return new RdsVolumeStatus(
                Phase.Ready,
                conditions.set(
                        current(volume).conditions(), Conditions.of(READY, true, reason, message), generation(volume)),
                generation(volume),
                disk.slot(),
                disk.filePath(),
                disk.nqn(),
                nvme,
                disk.capacityBytes(),
                null);
    }

    /** Keeps what is known of the disk (slot, path, …) and replaces phase, the condition and message. */
    private RdsVolumeStatus status(RdsVolume volume, Phase phase, Condition condition) {
        RdsVolumeStatus current = current(volume);
        return new RdsVolumeStatus(
                phase,
                conditions.set(current.conditions(), condition, generation(volume)),
                generation(volume),
                current.slot(),
                current.filePath(),
                current.nqn(),
                current.nvmeTcp(),
                current.capacityBytes(),
                condition.getMessage());
    }

    private static RdsVolumeStatus current(RdsVolume volume) {
        return volume.getStatus() != null
                ? volume.getStatus()
                : new RdsVolumeStatus(null, List.of(), null, null, null, null, null, null, null);
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
