package io.srvlab.rds.operator.rdspoolconfig;

import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import java.util.Set;

/**
 * Which RdsVolumes keep their pool config from being deleted: those with a disk on its RDS (or on their way to one or
 * from one). A volume that was only ever refused or waiting — e.g. one in a namespace the config does not admit —
 * pins nothing, so a tenant cannot keep an admin's pool config alive.
 */
final class PoolConfigUsers {
    private static final Set<Phase> WORKING = Set.of(Phase.Creating, Phase.Resizing, Phase.Deleting);

    private PoolConfigUsers() {}

    static boolean holdsADisk(RdsVolume volume) {
        RdsVolumeStatus status = volume.getStatus();
        return status != null && (status.server() != null || WORKING.contains(status.phase()));
    }
}
