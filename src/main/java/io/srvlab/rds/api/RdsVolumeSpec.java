package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A file-backed disk on an RDS, exported over NVMe/TCP. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.slot) == has(oldSelf.slot) && (!has(self.slot) || self.slot == oldSelf.slot)",
        message = "slot is immutable")
@ValidationRule(
        value = "quantity(self.size).compareTo(quantity(oldSelf.size)) >= 0",
        message = "size may grow but never shrink")
@ValidationRule(
        value = "has(self.source) == has(oldSelf.source) && (!has(self.source) || self.source == oldSelf.source)",
        message = "source is immutable")
@ValidationRule(
        value = "!has(oldSelf.persistentVolume) || has(self.persistentVolume)",
        message = "persistentVolume cannot be removed once set (its volumeMode and fsType stay as first written):"
                + " delete the RdsVolume to give up its PersistentVolume")
public record RdsVolumeSpec(
        @Required
        @Size(max = 253)
        @Pattern(ApiPatterns.DNS_NAME)
        @ValidationRule(value = "self == oldSelf", message = "poolConfigName is immutable")
        @JsonPropertyDescription("Name of the RdsPoolConfig (the RDS server) that holds this volume.")
        String poolConfigName,

        @Required
        @Pattern(ApiPatterns.SIZE)
        @ValidationRule(value = "quantity(self).isGreaterThan(quantity('0'))", message = "size must be positive")
        @JsonPropertyDescription("Capacity as a Kubernetes quantity, e.g. 10Gi. May grow, never shrink.")
        String size,

        @JsonPropertyDescription("Delete removes the disk and its file; Retain keeps both. Default: Delete for a disk"
                + " the operator created, Retain for an adopted one.")
        DeletionPolicy deletionPolicy,

        @Pattern(ApiPatterns.SLOT)
        @ValidationRule(
                value = "!self.lowerAscii().startsWith('" + ApiPatterns.OPERATOR_SLOT_PREFIX + "')",
                message = "slots starting with " + ApiPatterns.OPERATOR_SLOT_PREFIX
                        + " are reserved for disks the operator names itself")
        @JsonPropertyDescription("Use this slot instead of the derived rdsv-<uid>: a new disk is created there, or an"
                + " existing unmarked disk is adopted where the RdsPoolConfig allows it.")
        String slot,

        @Pattern(ApiPatterns.REQUEST_TOKEN)
        @JsonPropertyDescription("Set to the value of status.recreateToken to ask for a new, EMPTY disk after this"
                + " volume's disk was lost (reason DiskMissing); any other value asks for nothing. The data of the"
                + " lost disk is not recovered.")
        String recreateMissingDisk,

        @Pattern(ApiPatterns.HOST_NAME)
        @JsonPropertyDescription("Export only to initiators that announce this host name (RouterOS"
                + " nvme-tcp-server-allow-host-name). Default: the RdsPoolConfig's volumeDefaults.allowedHostName;"
                + " none means any initiator that reaches the port.")
        String allowedHostName,

        @JsonPropertyDescription("Also write a PersistentVolume for this volume, pre-bound to a claim in the"
                + " volume's namespace, that a node-side NVMe-oF CSI driver mounts. Absent: no PersistentVolume.")
        PersistentVolume persistentVolume,

        @JsonPropertyDescription("Make the new volume a copy of an RdsSnapshot or of another RdsVolume of this"
                + " namespace (its pool config must have spec.snapshots). Immutable; size must be at least the"
                + " source's.")
        Source source) {

    /** A spec that is no copy of anything. */
    public RdsVolumeSpec(
            String poolConfigName,
            String size,
            DeletionPolicy deletionPolicy,
            String slot,
            String recreateMissingDisk,
            String allowedHostName,
            PersistentVolume persistentVolume) {
        this(poolConfigName, size, deletionPolicy, slot, recreateMissingDisk, allowedHostName, persistentVolume, null);
    }

    /** Where a volume's first content comes from: exactly one of an RdsSnapshot or an RdsVolume, same namespace. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(
            value = "has(self.snapshotName) != has(self.volumeName)",
            message = "name exactly one of snapshotName and volumeName")
    public record Source(
            @Size(max = 253)
            @Pattern(ApiPatterns.DNS_NAME)
            @JsonPropertyDescription("An RdsSnapshot in this namespace.")
            String snapshotName,

            @Size(max = 253)
            @Pattern(ApiPatterns.DNS_NAME)
            @JsonPropertyDescription("An RdsVolume in this namespace, copied as it is at that moment.")
            String volumeName) {}

    /** A spec without a PersistentVolume. */
    public RdsVolumeSpec(
            String poolConfigName,
            String size,
            DeletionPolicy deletionPolicy,
            String slot,
            String recreateMissingDisk,
            String allowedHostName) {
        this(poolConfigName, size, deletionPolicy, slot, recreateMissingDisk, allowedHostName, null);
    }

    /** A spec without the optional request fields. */
    public static RdsVolumeSpec of(String poolConfigName, String size, DeletionPolicy deletionPolicy, String slot) {
        return new RdsVolumeSpec(poolConfigName, size, deletionPolicy, slot, null, null, null);
    }

    public RdsVolumeSpec withSize(String newSize) {
        return new RdsVolumeSpec(
                poolConfigName,
                newSize,
                deletionPolicy,
                slot,
                recreateMissingDisk,
                allowedHostName,
                persistentVolume,
                source);
    }

    /**
     * The PersistentVolume the operator writes for the volume. Its capacity is the disk's exact size, its volume
     * handle the disk's NQN, its reclaim policy Retain (the volume's deletionPolicy governs the disk).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(
            value = "self.driver != 'csi-driver-nvmf' || has(self.deviceUUID)",
            message = "the csi-driver-nvmf node driver needs deviceUUID")
    @ValidationRule(
            value = "self.volumeMode == oldSelf.volumeMode && self.fsType == oldSelf.fsType",
            message = "volumeMode and fsType are immutable: a disk handed to a Pod as a raw device is never mounted by"
                    + " the node, nor the other way round")
    public record PersistentVolume(
            @Default(NODE_DRIVER_DEMOCRATIC_CSI)
            @Pattern("^(" + NODE_DRIVER_DEMOCRATIC_CSI + "|" + NODE_DRIVER_CSI_NVMF + ")$")
            @JsonPropertyDescription("The node-side CSI driver that connects and mounts the disk:"
                    + " democratic-csi (its node-manual driver, org.democratic-csi.node-manual) or csi-driver-nvmf"
                    + " (kubernetes-csi, csi.nvmf.com).")
            String driver,

            @Size(max = 253)
            @Pattern(ApiPatterns.DNS_NAME)
            @JsonPropertyDescription("The PersistentVolumeClaim in this volume's namespace the PersistentVolume is"
                    + " reserved for (claimRef). Default: the RdsVolume's name.")
            String claimName,

            @Default("Filesystem")
            @Pattern("^(Filesystem|Block)$")
            @JsonPropertyDescription("Filesystem (the node driver formats the disk with fsType if it has no"
                    + " filesystem, and mounts it) or Block (a raw block device in the Pod). Immutable.")
            String volumeMode,

            @Default("ext4")
            @Pattern("^(" + FS_TYPES + ")$")
            @JsonPropertyDescription("Filesystem the node creates and mounts (volumeMode Filesystem): ext4 or xfs.")
            String fsType,

            @Default("ReadWriteOnce")
            @Pattern("^(ReadWriteOnce|ReadWriteOncePod)$")
            @JsonPropertyDescription("Access mode of the PersistentVolume: ReadWriteOnce or ReadWriteOncePod. A disk"
                    + " is attached to one node at a time.")
            String accessMode,

            @Pattern("^$|" + ApiPatterns.DNS_NAME)
            @Size(max = 253)
            @JsonPropertyDescription("storageClassName of the PersistentVolume; the claim must name the same one"
                    + " (\"\" by default: the claim says storageClassName: \"\").")
            String storageClassName,

            @Size(max = 16)
            @JsonPropertyDescription("Mount options, each one an admin allowed (the RdsPoolConfig's persistentVolumes"
                    + " or this volume's StorageClass).")
            List<@Pattern(MOUNT_OPTION) String> mountOptions,

            @Pattern("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
            @JsonPropertyDescription("UUID of the NVMe namespace as the node sees it (nvme id-ns), for csi-driver-nvmf;"
                    + " taken only on a single-tenant RdsPoolConfig.")
            String deviceUUID) {}

    /** The filesystems a node driver may be asked to create and mount. */
    public static final String FS_TYPES = "ext4|xfs";
    /** One mount option as a PersistentVolume carries it. */
    public static final String MOUNT_OPTION = "^[A-Za-z0-9][A-Za-z0-9_.,=:/-]{0,62}$";

    public static final String NODE_DRIVER_DEMOCRATIC_CSI = "democratic-csi";
    public static final String NODE_DRIVER_CSI_NVMF = "csi-driver-nvmf";

    public enum DeletionPolicy {
        Delete,
        Retain
    }
}
