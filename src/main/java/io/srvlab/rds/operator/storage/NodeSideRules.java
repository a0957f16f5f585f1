package io.srvlab.rds.operator.storage;

import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.operator.common.Reasons;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What of an RdsVolume's wishes may reach a node through its PersistentVolume. A tenant writes the RdsVolume, but a
 * PersistentVolume is cluster-wide and the node acts on it as root: mount options come only from lists an admin
 * wrote (the pool config's, or the mountOptions of the StorageClass that made the volume), and a device UUID — which
 * csi-driver-nvmf mounts whatever device carries it — only on a pool config an admin marked single-tenant, and never
 * one another PersistentVolume carries.
 */
final class NodeSideRules {
    private NodeSideRules() {}

    /** Why the PersistentVolume is not written: a condition reason and a message for the volume's owner. */
    record Refusal(String reason, String message) {}

    /**
     * @param storageClassOptions the mountOptions of the volume's StorageClass when it is an rds.srvlab.io class of
     *     the volume's pool config, else empty
     * @param otherDeviceUuids device UUIDs that PersistentVolumes of other volumes carry (upper or lower case)
     */
    static Optional<Refusal> check(
            RdsVolumeSpec.PersistentVolume wanted,
            RdsPoolConfigSpec config,
            List<String> storageClassOptions,
            Set<String> otherDeviceUuids) {
        List<String> asked = wanted.mountOptions() == null ? List.of() : wanted.mountOptions();
        List<String> allowed =
                config.persistentVolumes() == null || config.persistentVolumes().allowedMountOptions() == null
                        ? List.of()
                        : config.persistentVolumes().allowedMountOptions();
        List<String> notAllowed = asked.stream()
                .filter(option -> !allowed.contains(option) && !storageClassOptions.contains(option))
                .toList();
        if (!notAllowed.isEmpty()) {
            return Optional.of(new Refusal(
                    Reasons.MOUNT_OPTIONS_NOT_ALLOWED,
                    "Mount options " + notAllowed + " are not allowed for this RDS: an admin lists the ones a"
                            + " volume may ask for in the RdsPoolConfig's spec.persistentVolumes.allowedMountOptions"
                            + " (or in its StorageClass). No PersistentVolume is written with them"));
        }
        if (wanted.deviceUUID() != null) {
            if (config.persistentVolumes() == null
                    || !Boolean.TRUE.equals(config.persistentVolumes().singleTenant())) {
                return Optional.of(new Refusal(
                        Reasons.DEVICE_UUID_NOT_ALLOWED,
                        "deviceUUID (csi-driver-nvmf) is taken only on an RdsPoolConfig an admin marked"
                                + " single-tenant (spec.persistentVolumes.singleTenant: true): the node mounts whatever device"
                                + " carries that UUID. Use the democratic-csi node driver"));
            }
            if (containsIgnoringCase(otherDeviceUuids, wanted.deviceUUID())) {
                return Optional.of(new Refusal(
                        Reasons.DEVICE_UUID_IN_USE,
                        "Another PersistentVolume carries deviceUUID " + wanted.deviceUUID()
                                + "; a device UUID names one disk"));
            }
        }
        return Optional.empty();
    }

    private static boolean containsIgnoringCase(Collection<String> values, String value) {
        return values.stream().anyMatch(value::equalsIgnoreCase);
    }
}
