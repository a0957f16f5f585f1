package io.srvlab.rds.rds;

import io.srvlab.rds.routeros.DiskInfo;

/** The disk a volume should be on the RDS: derived from the RdsVolume and its pool's volume defaults. */
public record VolumePlan(String slot, String filePath, long sizeBytes, String nqn, int nvmeTcpPort) {

    /** A disk in the planned slot is this volume's when it is backed by the planned file; otherwise it is foreign. */
    boolean owns(DiskInfo disk) {
        return filePath.equals(disk.filePath());
    }
}
