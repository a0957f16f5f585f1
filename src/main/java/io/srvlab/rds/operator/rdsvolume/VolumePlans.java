package io.srvlab.rds.operator.rdsvolume;

import io.fabric8.kubernetes.api.model.Quantity;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.operator.common.VolumeSlots;
import io.srvlab.rds.volume.OwnerMarker;
import io.srvlab.rds.volume.VolumePlan;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Objects;

/**
 * Derives where and how an RdsVolume lives on its RDS. A volume that was provisioned keeps the file path, NQN and port
 * recorded in its status; only a new volume takes them from the pool config's current volume defaults.
 */
final class VolumePlans {
    /** The longest NQN the NVMe specification allows, in bytes (an NQN here is ASCII). */
    private static final int NQN_MAX_LENGTH = 223;

    private VolumePlans() {}

    static VolumePlan of(RdsVolume volume, RdsPoolConfig config) {
        RdsPoolConfigSpec spec = config.getSpec();
        VolumePlan.History history = history(volume);
        String slot = VolumeSlots.of(volume);
        String basePath = basePath(spec);
        Placement placement = history == VolumePlan.History.NEW
                ? new Placement(
                        basePath + "/" + slot + ".img",
                        newNqn(spec.volumeDefaults().nqnPrefix(), slot, volume),
                        spec.volumeDefaults().nvmeTcpPort())
                : recorded(volume.getStatus(), spec);
        String allowedHostName = Objects.requireNonNullElse(
                volume.getSpec().allowedHostName(),
                Objects.requireNonNullElse(spec.volumeDefaults().allowedHostName(), ""));
        var owner = new OwnerMarker(
                volume.getMetadata().getUid(),
                volume.getMetadata().getNamespace(),
                volume.getMetadata().getName(),
                config.getMetadata().getName());
        // Only a volume that never had a disk adopts: a provisioned one meeting an unmarked disk in its slot has lost
        // its own, and a requested replacement is a new empty disk, not someone else's.
        boolean mayAdopt = history == VolumePlan.History.NEW
                && VolumeSlots.isExplicit(volume)
                && tenancy(spec).allowsAdoption(volume.getMetadata().getNamespace());
        return SnapshotLayouts.apply(
                new VolumePlan(
                        slot,
                        placement.filePath(),
                        basePath,
                        bytes(volume.getSpec().size()),
                        placement.nqn(),
                        placement.port(),
                        owner,
                        allowedHostName,
                        history,
                        mayAdopt),
                spec);
    }

    /** Where a disk is and how it is exported. */
    private record Placement(String filePath, String nqn, int port) {}

    /** What a provisioned volume was provisioned with, kept whatever its pool config says now. */
    private static Placement recorded(RdsVolumeStatus status, RdsPoolConfigSpec spec) {
        return new Placement(
                status.filePath(),
                status.nqn(),
                status.nvmeTcp() != null && status.nvmeTcp().port() != null
                        ? status.nvmeTcp().port()
                        : spec.volumeDefaults().nvmeTcpPort());
    }

    /** The pool config's base path without a trailing slash. */
    static String basePath(RdsPoolConfigSpec spec) {
        String basePath = spec.volumeDefaults().basePath();
        return basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    }

    /**
     * {@link VolumePlan.History#PROVISIONED} once a disk was recorded in status ({@link
     * VolumePlan.History#PROVISIONED_BEFORE_MARKERS} when an operator that records no server did that); {@link
     * VolumePlan.History#RECREATE_REQUESTED} when that disk is missing and {@code spec.recreateMissingDisk} carries the
     * recreate token its status published at the loss.
     */
    static VolumePlan.History history(RdsVolume volume) {
        RdsVolumeStatus status = volume.getStatus();
        if (status == null || status.filePath() == null) {
            return VolumePlan.History.NEW;
        }
        if (recreateRequested(volume)) {
            return VolumePlan.History.RECREATE_REQUESTED;
        }
        return status.server() == null ? VolumePlan.History.PROVISIONED_BEFORE_MARKERS : VolumePlan.History.PROVISIONED;
    }

    static boolean recreateRequested(RdsVolume volume) {
        String request = volume.getSpec().recreateMissingDisk();
        RdsVolumeStatus status = volume.getStatus();
        return request != null
                && status != null
                && VolumeStatuses.isDiskMissing(status)
                && request.equals(status.recreateToken());
    }

    static RdsPoolConfigSpec.Tenancy tenancy(RdsPoolConfigSpec spec) {
        return spec.tenancy() == null ? new RdsPoolConfigSpec.Tenancy(null, null, null) : spec.tenancy();
    }

    /** What deletion does: the user's word, else Retain for an adopted disk and Delete for one the operator made. */
    static RdsVolumeSpec.DeletionPolicy deletionPolicy(RdsVolume volume) {
        if (volume.getSpec().deletionPolicy() != null) {
            return volume.getSpec().deletionPolicy();
        }
        boolean adopted = volume.getStatus() != null
                && Boolean.TRUE.equals(volume.getStatus().adopted());
        return adopted ? RdsVolumeSpec.DeletionPolicy.Retain : RdsVolumeSpec.DeletionPolicy.Delete;
    }

    /**
     * Exact bytes of a quantity, rounded up so a volume is never smaller than asked; beyond {@code long} it is {@link
     * Long#MAX_VALUE}, which the command builder refuses as too large (a clear condition, not a reconcile error).
     */
    static long bytes(String size) {
        BigDecimal bytes = Quantity.getAmountInBytes(new Quantity(size)).setScale(0, RoundingMode.CEILING);
        return bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : bytes.longValueExact();
    }

    /**
     * The NQN of a new disk, lower case. A named slot can be taken again by another volume once this one is gone, while
     * a PersistentVolume or a node may still name the old NQN: so it carries the volume's uid, and no NQN is ever
     * issued twice — {@code <prefix>:<slot>.<uid>}, or {@code <prefix>:rdsv-<uid>} where that would pass the 223
     * bytes an NQN may have. A derived slot has the uid already.
     */
    static String newNqn(String prefix, String slot, RdsVolume volume) {
        String name = slot.toLowerCase(Locale.ROOT);
        if (!VolumeSlots.isExplicit(volume)) {
            return prefix + ":" + name;
        }
        String uid = volume.getMetadata().getUid();
        String named = prefix + ":" + name + "." + uid;
        return named.length() <= NQN_MAX_LENGTH ? named : prefix + ":" + VolumeSlots.PREFIX + uid;
    }
}
