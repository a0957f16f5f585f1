package io.srvlab.rds.operator.rdsvolume;

import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.Snapshots;
import io.srvlab.rds.volume.SubvolumeOrigin;
import io.srvlab.rds.volume.SubvolumePaths;
import io.srvlab.rds.volume.VolumePlan;

/**
 * The snapshot layout of a new volume: on a pool config with {@code spec.snapshots}, the disk's file lies in a Btrfs
 * subvolume of the volume's own, {@code <basePath>/rdsv-<uid>/<slot>.img}. A volume that may adopt a disk, and every
 * volume provisioned before (whose recorded file path tells its layout), keep the plain layout.
 */
final class SnapshotLayouts {
    private SnapshotLayouts() {}

    static VolumePlan apply(VolumePlan plan, RdsPoolConfigSpec spec) {
        Snapshots snapshots = spec.snapshots();
        if (snapshots == null || plan.history() != VolumePlan.History.NEW || plan.mayAdopt()) {
            return plan;
        }
        String dir =
                SubvolumePaths.volumeDirectory(plan.basePath(), plan.owner().volumeUid());
        return plan.inSubvolume(
                dir + "/" + plan.slot() + ".img",
                SubvolumeOrigin.empty(snapshots.filesystem(), SubvolumePaths.name(dir)));
    }

    /** The plan of a new volume whose subvolume is a writable snapshot of {@code parent}, holding {@code image}. */
    static VolumePlan copy(VolumePlan plan, Snapshots snapshots, String parent, String image, long imageBytes) {
        String dir =
                SubvolumePaths.volumeDirectory(plan.basePath(), plan.owner().volumeUid());
        return plan.inSubvolume(
                dir + "/" + image,
                new SubvolumeOrigin(snapshots.filesystem(), SubvolumePaths.name(dir), parent, imageBytes));
    }
}
