package io.srvlab.rds.operator.storage;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.operator.common.VolumeSlots;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The PersistentVolume an RdsVolume asks for, derived from its spec and what its status records of the disk: no I/O.
 * A volume a StorageClass provisioned for a claim gets the external-provisioner's naming ({@code pvc-<claim uid>}), a
 * claimRef with the claim's uid, the class's reclaim policy and the {@code provisioned-by} annotation; one the user
 * wrote gets {@code rdsv-<volume uid>}, a claimRef by name and reclaim policy Retain.
 */
public final class PersistentVolumes {
    /** The provisioner name StorageClasses use, and the value of {@link #PROVISIONED_BY}. */
    static final String PROVISIONER = "rds.srvlab.io";

    static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    static final String LABEL_VOLUME_UID = "rds.srvlab.io/volume-uid";
    static final String LABEL_VOLUME_NAMESPACE = "rds.srvlab.io/volume-namespace";
    static final String LABEL_VOLUME_NAME = "rds.srvlab.io/volume-name";
    /** {@code <namespace>/<name>} of the RdsVolume; a label value could not hold every name. */
    static final String ANNOTATION_VOLUME = "rds.srvlab.io/volume";

    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "rds-operator";

    private PersistentVolumes() {}

    /**
     * The claim the volume names as its controlling owner. Only a claim: the namespace's users may edit owner
     * references, so nothing about the PersistentVolume follows from it until {@link ClaimCheck} confirmed it and the
     * status recorded its uid ({@link #claimUid}).
     */
    static Optional<OwnerReference> owningClaim(RdsVolume volume) {
        List<OwnerReference> owners = volume.getMetadata().getOwnerReferences();
        return owners == null
                ? Optional.empty()
                : owners.stream()
                        .filter(o -> "PersistentVolumeClaim".equals(o.getKind())
                                && "v1".equals(o.getApiVersion())
                                && Boolean.TRUE.equals(o.getController()))
                        .findFirst();
    }

    /** The name of the volume's PersistentVolume as its status recorded it, or null before one was written. */
    static String recordedName(RdsVolume volume) {
        return volume.getStatus() == null ? null : volume.getStatus().persistentVolume();
    }

    /** The uid of the claim a StorageClass provisioned the volume for, as the status recorded it once checked. */
    static Optional<String> claimUid(RdsVolumeStatus status) {
        return Optional.ofNullable(status == null ? null : status.claimUid());
    }

    /**
     * The name of the volume's PersistentVolume: the one recorded in its status once one was written (a later change
     * never makes a second), else derived from the checked claim ({@code status}) or the volume's uid.
     */
    static String name(RdsVolume volume, RdsVolumeStatus status) {
        if (recordedName(volume) != null) {
            return recordedName(volume);
        }
        return claimUid(status)
                .map(uid -> "pvc-" + uid)
                .orElse(VolumeSlots.PREFIX + volume.getMetadata().getUid());
    }

    static String claimName(RdsVolume volume) {
        RdsVolumeSpec.PersistentVolume wanted = volume.getSpec().persistentVolume();
        return wanted != null && wanted.claimName() != null
                ? wanted.claimName()
                : volume.getMetadata().getName();
    }

    /** The RdsVolume a PersistentVolume of the operator's was written for. */
    public static Optional<ResourceID> volumeOf(PersistentVolume pv) {
        Map<String, String> annotations = pv.getMetadata().getAnnotations();
        String ref = annotations == null ? null : annotations.get(ANNOTATION_VOLUME);
        if (ref == null || ref.indexOf('/') < 1) {
            return Optional.empty();
        }
        int slash = ref.indexOf('/');
        return Optional.of(new ResourceID(ref.substring(slash + 1), ref.substring(0, slash)));
    }

    /** Whether a PersistentVolume was written for this very RdsVolume (not one of the same name before it). */
    static boolean isFor(PersistentVolume pv, RdsVolume volume) {
        Map<String, String> labels = pv.getMetadata().getLabels();
        return labels != null
                && Objects.equals(
                        labels.get(LABEL_VOLUME_UID), volume.getMetadata().getUid());
    }

    /**
     * The PersistentVolume for a volume whose status records its disk (slot, NQN, data path, capacity) and, for a
     * claim's volume, the checked claim uid.
     *
     * @param deletionPolicy what deletion does to the disk, which a provisioned volume's reclaim policy shows
     */
    static PersistentVolume desired(
            RdsVolume volume, RdsVolumeStatus status, RdsVolumeSpec.DeletionPolicy deletionPolicy) {
        RdsVolumeSpec.PersistentVolume wanted = volume.getSpec().persistentVolume();
        NodeDriverProfile driver = NodeDriverProfile.named(wanted.driver());
        String volumeMode = Objects.requireNonNullElse(wanted.volumeMode(), "Filesystem");
        boolean filesystem = "Filesystem".equals(volumeMode);
        List<String> addresses = status.nvmeTcp().addresses() != null
                ? status.nvmeTcp().addresses()
                : List.of(status.nvmeTcp().address());
        Optional<String> claim = claimUid(status);

        String reclaimPolicy =
                claim.isPresent() && deletionPolicy == RdsVolumeSpec.DeletionPolicy.Delete ? "Delete" : "Retain";

        return new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(name(volume, status))
                .withLabels(labels(volume))
                .withAnnotations(annotations(volume, claim))
                .endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", capacity(status.capacityBytes())))
                .withAccessModes(Objects.requireNonNullElse(wanted.accessMode(), "ReadWriteOnce"))
                .withPersistentVolumeReclaimPolicy(reclaimPolicy)
                .withVolumeMode(volumeMode)
                .withStorageClassName(Objects.requireNonNullElse(wanted.storageClassName(), ""))
                .withMountOptions(
                        filesystem && wanted.mountOptions() != null ? List.copyOf(wanted.mountOptions()) : List.of())
                .withClaimRef(claimRef(volume, claim))
                .withNewCsi()
                .withDriver(driver.csiDriver())
                .withVolumeHandle(status.nqn())
                .withFsType(filesystem ? Objects.requireNonNullElse(wanted.fsType(), "ext4") : null)
                .withVolumeAttributes(
                        driver.attributes(addresses, status.nvmeTcp().port(), status.nqn(), wanted.deviceUUID()))
                .endCsi()
                .endSpec()
                .build();
    }

    private static Map<String, String> labels(RdsVolume volume) {
        var labels = new LinkedHashMap<String, String>();
        labels.put(LABEL_MANAGED_BY, MANAGED_BY);
        labels.put(LABEL_VOLUME_UID, volume.getMetadata().getUid());
        labels.put(LABEL_VOLUME_NAMESPACE, volume.getMetadata().getNamespace());
        if (volume.getMetadata().getName().length() <= 63) {
            labels.put(LABEL_VOLUME_NAME, volume.getMetadata().getName());
        }
        return labels;
    }

    private static Map<String, String> annotations(RdsVolume volume, Optional<String> claim) {
        var annotations = new LinkedHashMap<String, String>();
        annotations.put(
                ANNOTATION_VOLUME,
                volume.getMetadata().getNamespace() + "/" + volume.getMetadata().getName());
        claim.ifPresent(c -> annotations.put(PROVISIONED_BY, PROVISIONER));
        return annotations;
    }

    private static ObjectReference claimRef(RdsVolume volume, Optional<String> claimUid) {
        return new ObjectReferenceBuilder()
                .withApiVersion("v1")
                .withKind("PersistentVolumeClaim")
                .withNamespace(volume.getMetadata().getNamespace())
                .withName(claimName(volume))
                .withUid(claimUid.orElse(null))
                .build();
    }

    /** Exact bytes as a quantity, in the largest binary unit that divides them (what {@code kubectl} users read). */
    static Quantity capacity(long bytes) {
        String[] units = {"Ti", "Gi", "Mi", "Ki"};
        long[] sizes = {1L << 40, 1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes >= sizes[i] && bytes % sizes[i] == 0) {
                return new Quantity(bytes / sizes[i] + units[i]);
            }
        }
        return new Quantity(String.valueOf(bytes));
    }

    static long bytes(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).longValue();
    }
}
