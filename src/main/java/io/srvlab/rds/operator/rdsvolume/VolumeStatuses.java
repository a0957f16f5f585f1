package io.srvlab.rds.operator.rdsvolume;

import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.operator.rdspoolconfig.ServerIdentity;
import io.srvlab.rds.volume.ProvisionedDisk;
import io.srvlab.rds.volume.Refusal;
import io.srvlab.rds.volume.VolumePlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The statuses an RdsVolume can be given, built from what was observed: no I/O, so every transition is testable
 * without a cluster. Disk facts recorded at provisioning are carried over from the current status.
 */
final class VolumeStatuses {
    private final Clock clock;
    private final Conditions conditions;

    VolumeStatuses(Clock clock) {
        this.clock = clock;
        this.conditions = new Conditions(clock);
    }

    static RdsVolumeStatus current(RdsVolume volume) {
        return volume.getStatus() != null ? volume.getStatus() : RdsVolumeStatus.empty();
    }

    static boolean isDiskMissing(RdsVolumeStatus status) {
        return status.phase() == Phase.Failed
                && Conditions.find(status.conditions(), ConditionTypes.READY)
                        .map(c -> Refusal.DiskMissing.name().equals(c.getReason()))
                        .orElse(false);
    }

    /** Ready for the current generation, also when an operator from before ownership markers made it so. */
    static boolean isReadyForGeneration(RdsVolume volume) {
        return isSettledOutcomeForGeneration(volume) && volume.getStatus().phase() == Phase.Ready;
    }

    /**
     * Ready or Failed for the current generation: an outcome that waiting for a pool does not change, so a start or
     * fail-over writes nothing to it.
     */
    static boolean isSettledOutcomeForGeneration(RdsVolume volume) {
        RdsVolumeStatus status = volume.getStatus();
        return status != null
                && (status.phase() == Phase.Ready || status.phase() == Phase.Failed)
                && status.observedGeneration() != null
                && status.observedGeneration() == generation(volume);
    }

    /**
     * Ready for the current generation, and provisioned by an operator that records ownership (a volume from before
     * that takes the full path once, which marks its disk and records its server).
     */
    static boolean isSettled(RdsVolume volume) {
        RdsVolumeStatus status = volume.getStatus();
        return isReadyForGeneration(volume)
                && status.server() != null
                && status.capacityBytes() != null
                && status.capacityBytes() >= VolumePlans.bytes(volume.getSpec().size());
    }

    /**
     * The disk's facts as the RDS reports them; the server, file path and NQN recorded at provisioning stay. A check
     * that finds the disk as it was keeps the Ready condition as it was, so it writes nothing.
     */
    RdsVolumeStatus ready(RdsVolume volume, RdsPoolConfig config, VolumePlan plan, ProvisionedDisk disk) {
        RdsVolumeStatus current = current(volume);
        Condition ready = readyCondition(volume, current, plan, disk);
        var nvme = nvmeTcp(config, disk.nvmeTcpPort());
        var server = current.server() != null ? current.server() : ServerIdentity.of(config);
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
            status = status.withLastRecreateRequest(volume.getSpec().recreateMissingDisk())
                    .withRecreateToken(null);
        }
        return status;
    }

    /** Why the volume is Ready: how its disk came to be, or the reason it already showed. */
    private static Condition readyCondition(
            RdsVolume volume, RdsVolumeStatus current, VolumePlan plan, ProvisionedDisk disk) {
        return switch (disk.origin()) {
            case ADOPTED ->
                Conditions.of(
                        ConditionTypes.READY,
                        true,
                        Reasons.ADOPTED,
                        "Disk " + disk.slot() + " was adopted and marked as this volume's; it is kept on"
                                + " deletion unless deletionPolicy is Delete");
            case CREATED ->
                plan.history() == VolumePlan.History.RECREATE_REQUESTED
                        ? Conditions.of(
                                ConditionTypes.READY,
                                true,
                                Reasons.RECREATED,
                                "A new, EMPTY disk " + disk.slot() + " replaces the lost one, as requested"
                                        + " by spec.recreateMissingDisk="
                                        + volume.getSpec().recreateMissingDisk())
                        : provisioned(disk);
            case OWNED, MARKED ->
                Conditions.find(current.conditions(), ConditionTypes.READY)
                        .filter(c -> Condition.TRUE.equals(c.getStatus()))
                        .map(c -> Conditions.of(ConditionTypes.READY, true, c.getReason(), c.getMessage()))
                        .orElseGet(() -> provisioned(disk));
        };
    }

    /**
     * The data path follows the pool config (a storage network may be renumbered; the disk stays the same); the port is
     * the disk's own.
     */
    static RdsVolumeStatus.NvmeTcp nvmeTcp(RdsPoolConfig config, int port) {
        var addresses = config.getSpec().dataAddresses();
        return new RdsVolumeStatus.NvmeTcp(addresses.get(0), port, addresses.size() > 1 ? addresses : null);
    }

    /** The status with one more condition (or that condition replaced), for the volume's current generation. */
    RdsVolumeStatus withCondition(RdsVolume volume, RdsVolumeStatus status, Condition condition) {
        return status.withConditions(conditions.set(status.conditions(), condition, generation(volume)));
    }

    static RdsVolumeStatus withoutCondition(RdsVolumeStatus status, String type) {
        return status.withConditions(
                status.conditions() == null
                        ? List.of()
                        : status.conditions().stream()
                                .filter(c -> !type.equals(c.getType()))
                                .toList());
    }

    /** A failure: permanent ones make the volume Failed, transient ones leave it in {@code transientPhase}. */
    RdsVolumeStatus failed(RdsVolume volume, Failure failure, Phase transientPhase) {
        return outcome(
                volume,
                failure.permanent() ? Phase.Failed : transientPhase,
                Conditions.of(ConditionTypes.READY, false, failure.reason(), failure.message()));
    }

    RdsVolumeStatus waiting(RdsVolume volume, String reason, String message) {
        return outcome(volume, Phase.Pending, Conditions.of(ConditionTypes.READY, false, reason, message));
    }

    /**
     * Keeps what is known of the disk (slot, path, …) and replaces phase, the condition and message. When a disk is
     * found missing, a recreate token is published (a new one at each loss): only that value in
     * {@code spec.recreateMissingDisk} asks for a new disk, so neither a request already in the spec nor an old one
     * that a rollback writes back does.
     */
    RdsVolumeStatus outcome(RdsVolume volume, Phase phase, Condition condition) {
        RdsVolumeStatus current = current(volume);
        var status = current.withOutcome(
                phase,
                conditions.set(current.conditions(), condition, generation(volume)),
                generation(volume),
                condition.getMessage());
        boolean lost = Refusal.DiskMissing.name().equals(condition.getReason());
        if (lost && believedPresent(current)) {
            status = status.withLastRecreateRequest(volume.getSpec().recreateMissingDisk())
                    .withRecreateToken(null);
        }
        if (lost && status.recreateToken() == null) {
            // Random, so that no value written before the loss (or guessed from the volume) can match it.
            status = status.withRecreateToken("recreate-" + UUID.randomUUID());
        }
        return status;
    }

    /**
     * Whether the status still says the disk is there: the moment its loss is first reported. A volume that left
     * DiskMissing for a reason that says nothing about the disk (its pool config gone, a slot lease held by another, an
     * error) comes back to it without its pending request being taken as answered.
     */
    private static boolean believedPresent(RdsVolumeStatus current) {
        return current.phase() == Phase.Ready || current.phase() == Phase.Resizing || current.phase() == Phase.Creating;
    }

    /** How long the volume has been failing, from its Ready condition; zero when it is not failing. */
    Duration failingFor(RdsVolume volume) {
        return Conditions.find(current(volume).conditions(), ConditionTypes.READY)
                .filter(c -> Condition.FALSE.equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(c -> Duration.between(Instant.parse(c.getLastTransitionTime()), clock.instant()))
                .orElse(Duration.ZERO);
    }

    private static Condition provisioned(ProvisionedDisk disk) {
        return Conditions.of(
                ConditionTypes.READY, true, Reasons.PROVISIONED, "Disk " + disk.slot() + " is exported over NVMe/TCP");
    }

    static long generation(RdsVolume volume) {
        Long generation = volume.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
