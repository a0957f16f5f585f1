package io.srvlab.rds.operator.storage;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.srvlab.rds.api.ApiPatterns;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The RdsVolume a claim of an {@code rds.srvlab.io} StorageClass asks for, from the claim and the class parameters:
 * no I/O. Every parameter is checked against the same allow-lists as the RdsVolume fields it becomes.
 */
final class ClaimRequests {
    static final String PARAM_POOL_CONFIG = "poolConfig";
    static final String PARAM_NODE_DRIVER = "nodeDriver";
    static final String PARAM_DELETION_POLICY = "deletionPolicy";
    static final String PARAM_FS_TYPE = "fsType";
    /** The parameter name CSI provisioners use for the filesystem type; accepted as a synonym. */
    static final String PARAM_CSI_FS_TYPE = "csi.storage.k8s.io/fstype";

    private static final Set<String> KNOWN =
            Set.of(PARAM_POOL_CONFIG, PARAM_NODE_DRIVER, PARAM_DELETION_POLICY, PARAM_FS_TYPE, PARAM_CSI_FS_TYPE);
    private static final Pattern DNS_NAME = Pattern.compile(ApiPatterns.DNS_NAME);
    private static final Pattern FS_TYPE = Pattern.compile("^(" + RdsVolumeSpec.FS_TYPES + ")$");
    private static final Pattern SIZE = Pattern.compile(ApiPatterns.SIZE);
    private static final Pattern MOUNT_OPTION = Pattern.compile(RdsVolumeSpec.MOUNT_OPTION);

    private ClaimRequests() {}

    /** A claim this operator cannot provision, with the reason shown in a ProvisioningFailed event. */
    static final class Unprovisionable extends Exception {
        Unprovisionable(String message) {
            super(message, null, false, false);
        }
    }

    static RdsVolume volumeFor(PersistentVolumeClaim claim, StorageClass storageClass) throws Unprovisionable {
        return volumeFor(claim, storageClass, null);
    }

    /** As {@link #volumeFor(PersistentVolumeClaim, StorageClass)}, restoring VolumeSnapshots through the lookup. */
    static RdsVolume volumeFor(
            PersistentVolumeClaim claim, StorageClass storageClass, ClaimSources.VolumeSnapshotLookup volumeSnapshots)
            throws Unprovisionable {
        Map<String, String> parameters = Objects.requireNonNullElse(storageClass.getParameters(), Map.of());
        String pool = poolConfig(storageClass, parameters);
        String driver = nodeDriver(storageClass, parameters);
        RdsVolumeSpec.DeletionPolicy policy = deletionPolicy(storageClass, parameters);
        String fsType = fsType(storageClass, parameters);
        List<String> mountOptions = mountOptions(storageClass);
        var spec = claim.getSpec();
        supported(spec);
        String accessMode = accessMode(spec.getAccessModes());
        String size = size(claim);
        String volumeMode = Objects.requireNonNullElse(spec.getVolumeMode(), "Filesystem");
        return volume(
                claim,
                new RdsVolumeSpec(
                        pool,
                        size,
                        policy,
                        null,
                        null,
                        null,
                        new RdsVolumeSpec.PersistentVolume(
                                driver,
                                claim.getMetadata().getName(),
                                volumeMode,
                                fsType,
                                accessMode,
                                name(storageClass),
                                mountOptions.isEmpty() ? null : List.copyOf(mountOptions),
                                null),
                        ClaimSources.of(spec, volumeSnapshots)));
    }

    /** The RdsVolume of the claim's name and namespace, controlled by the claim. */
    private static RdsVolume volume(PersistentVolumeClaim claim, RdsVolumeSpec spec) {
        var volume = new RdsVolume();
        volume.getMetadata().setName(claim.getMetadata().getName());
        volume.getMetadata().setNamespace(claim.getMetadata().getNamespace());
        volume.getMetadata().setLabels(Map.of(PersistentVolumes.LABEL_MANAGED_BY, PersistentVolumes.MANAGED_BY));
        volume.getMetadata()
                .setOwnerReferences(List.of(new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("PersistentVolumeClaim")
                        .withName(claim.getMetadata().getName())
                        .withUid(claim.getMetadata().getUid())
                        .withController(true)
                        .build()));
        volume.setSpec(spec);
        return volume;
    }

    /** The pool config the class names, once every parameter is one this provisioner knows. */
    private static String poolConfig(StorageClass storageClass, Map<String, String> parameters) throws Unprovisionable {
        for (String key : parameters.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new Unprovisionable("StorageClass " + name(storageClass) + " has parameter " + key
                        + ", which this provisioner does not know (it knows " + KNOWN + ")");
            }
        }
        String pool = parameters.get(PARAM_POOL_CONFIG);
        if (pool == null || pool.length() > 253 || !DNS_NAME.matcher(pool).matches()) {
            throw new Unprovisionable("StorageClass " + name(storageClass) + " must name an RdsPoolConfig in parameter "
                    + PARAM_POOL_CONFIG);
        }
        return pool;
    }

    private static String nodeDriver(StorageClass storageClass, Map<String, String> parameters) throws Unprovisionable {
        String driver = parameters.getOrDefault(PARAM_NODE_DRIVER, RdsVolumeSpec.NODE_DRIVER_DEMOCRATIC_CSI);
        if (!RdsVolumeSpec.NODE_DRIVER_DEMOCRATIC_CSI.equals(driver)) {
            throw new Unprovisionable("Parameter " + PARAM_NODE_DRIVER + " of StorageClass " + name(storageClass)
                    + " must be " + RdsVolumeSpec.NODE_DRIVER_DEMOCRATIC_CSI
                    + (RdsVolumeSpec.NODE_DRIVER_CSI_NVMF.equals(driver)
                            ? ": csi-driver-nvmf needs each disk's namespace UUID, which only an RdsVolume with"
                                    + " spec.persistentVolume.deviceUUID can give"
                            : ""));
        }
        return driver;
    }

    private static String fsType(StorageClass storageClass, Map<String, String> parameters) throws Unprovisionable {
        String fsType = parameters.getOrDefault(PARAM_FS_TYPE, parameters.getOrDefault(PARAM_CSI_FS_TYPE, "ext4"));
        if (!FS_TYPE.matcher(fsType).matches()) {
            throw new Unprovisionable("Parameter " + PARAM_FS_TYPE + " of StorageClass " + name(storageClass)
                    + " is not a filesystem type the node drivers are asked for (ext4 or xfs)");
        }
        return fsType;
    }

    private static List<String> mountOptions(StorageClass storageClass) throws Unprovisionable {
        List<String> mountOptions = Objects.requireNonNullElse(storageClass.getMountOptions(), List.of());
        if (mountOptions.size() > 16
                || !mountOptions.stream().allMatch(o -> MOUNT_OPTION.matcher(o).matches())) {
            throw new Unprovisionable("StorageClass " + name(storageClass) + " has mount options this provisioner"
                    + " does not pass on (at most 16, each of letters, digits and _.,=:/-)");
        }
        return mountOptions;
    }

    private static void supported(PersistentVolumeClaimSpec spec) throws Unprovisionable {
        if (spec.getSelector() != null) {
            throw new Unprovisionable("Claims with a selector are not supported by dynamic provisioning");
        }
    }

    /** The deletion policy parameter, else the class's reclaim policy (Delete when absent, as Kubernetes defaults). */
    private static RdsVolumeSpec.DeletionPolicy deletionPolicy(
            StorageClass storageClass, Map<String, String> parameters) throws Unprovisionable {
        String policy = parameters.getOrDefault(
                PARAM_DELETION_POLICY, Objects.requireNonNullElse(storageClass.getReclaimPolicy(), "Delete"));
        return switch (policy) {
            case "Delete" -> RdsVolumeSpec.DeletionPolicy.Delete;
            case "Retain" -> RdsVolumeSpec.DeletionPolicy.Retain;
            default ->
                throw new Unprovisionable("StorageClass " + name(storageClass) + ": deletion policy must be Delete or"
                        + " Retain, not " + policy);
        };
    }

    /** A disk is attached to one node at a time: ReadWriteOnce, or ReadWriteOncePod when that is all the claim asks. */
    private static String accessMode(List<String> modes) throws Unprovisionable {
        if (modes == null || modes.isEmpty()) {
            return "ReadWriteOnce";
        }
        for (String mode : modes) {
            if (!mode.equals("ReadWriteOnce") && !mode.equals("ReadWriteOncePod")) {
                throw new Unprovisionable("Access mode " + mode + " is not supported: an NVMe/TCP disk is attached to"
                        + " one node at a time (ReadWriteOnce, ReadWriteOncePod)");
            }
        }
        return modes.contains("ReadWriteOnce") ? "ReadWriteOnce" : "ReadWriteOncePod";
    }

    /** The requested storage as an RdsVolume size: as written when it fits the size pattern, else in bytes. */
    static String size(PersistentVolumeClaim claim) throws Unprovisionable {
        Quantity request = requested(claim);
        if (request == null) {
            throw new Unprovisionable("The claim requests no storage");
        }
        String text = request.toString();
        if (SIZE.matcher(text).matches()) {
            return text;
        }
        return Quantity.getAmountInBytes(request)
                .setScale(0, java.math.RoundingMode.CEILING)
                .toPlainString();
    }

    static Quantity requested(PersistentVolumeClaim claim) {
        var resources = claim.getSpec().getResources();
        return resources == null || resources.getRequests() == null
                ? null
                : resources.getRequests().get("storage");
    }

    private static String name(StorageClass storageClass) {
        return storageClass.getMetadata().getName();
    }
}
