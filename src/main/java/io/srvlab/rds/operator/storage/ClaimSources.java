package io.srvlab.rds.operator.storage;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import io.fabric8.kubernetes.api.model.TypedObjectReference;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolumeSpec;
import java.util.Objects;

/**
 * The data source of a claim as the {@code spec.source} of its RdsVolume: a claim of the same namespace (a clone: the
 * RdsVolume named after that claim), an RdsSnapshot of the same namespace, or (when VolumeSnapshots are enabled) a
 * VolumeSnapshot of the same namespace as the RdsSnapshot behind it; anything else is refused with the reason. Pure,
 * but for the VolumeSnapshot lookup it is given.
 */
final class ClaimSources {
    static final String SNAPSHOT_KIND = "RdsSnapshot";
    static final String VOLUME_SNAPSHOT_GROUP = "snapshot.storage.k8s.io";
    static final String VOLUME_SNAPSHOT_KIND = "VolumeSnapshot";

    /** The RdsSnapshot a VolumeSnapshot of the claim's namespace stands for, or why none. */
    @FunctionalInterface
    interface VolumeSnapshotLookup {
        String rdsSnapshotOf(String volumeSnapshot) throws ClaimRequests.Unprovisionable;
    }

    private ClaimSources() {}

    /** Null for a claim without a data source; VolumeSnapshots refused. */
    static RdsVolumeSpec.Source of(PersistentVolumeClaimSpec spec) throws ClaimRequests.Unprovisionable {
        return of(spec, null);
    }

    /** Null for a claim without a data source; VolumeSnapshots looked up with {@code volumeSnapshots} when given. */
    static RdsVolumeSpec.Source of(PersistentVolumeClaimSpec spec, VolumeSnapshotLookup volumeSnapshots)
            throws ClaimRequests.Unprovisionable {
        TypedObjectReference ref = spec.getDataSourceRef();
        TypedLocalObjectReference local = spec.getDataSource();
        if (ref == null && local == null) {
            return null;
        }
        if (ref != null && ref.getNamespace() != null && !ref.getNamespace().isEmpty()) {
            throw new ClaimRequests.Unprovisionable(
                    "Claims with a data source in another namespace are not supported: a copy is made from this"
                            + " namespace's claims and RdsSnapshots only");
        }
        String group = ref != null ? ref.getApiGroup() : local.getApiGroup();
        String kind = ref != null ? ref.getKind() : local.getKind();
        String name = ref != null ? ref.getName() : local.getName();
        if ((group == null || group.isEmpty()) && "PersistentVolumeClaim".equals(kind)) {
            return new RdsVolumeSpec.Source(null, name);
        }
        if (RdsPoolConfig.GROUP.equals(group) && SNAPSHOT_KIND.equals(kind)) {
            return new RdsVolumeSpec.Source(name, null);
        }
        if (volumeSnapshots != null && VOLUME_SNAPSHOT_GROUP.equals(group) && VOLUME_SNAPSHOT_KIND.equals(kind)) {
            return new RdsVolumeSpec.Source(volumeSnapshots.rdsSnapshotOf(name), null);
        }
        throw new ClaimRequests.Unprovisionable("Claims with a data source of kind "
                + Objects.requireNonNullElse(kind, "(none)") + (group == null || group.isEmpty() ? "" : "." + group)
                + " are not supported: a PersistentVolumeClaim (clone), an " + SNAPSHOT_KIND + "."
                + RdsPoolConfig.GROUP + (volumeSnapshots != null ? " or a VolumeSnapshot." + VOLUME_SNAPSHOT_GROUP : "")
                + " of the same namespace are");
    }
}
