package io.srvlab.rds.simulator;

/** A file-backed disk item in the simulated RDS. */
public record SimulatedDisk(
        String slot,
        String filePath,
        long fileSizeBytes,
        boolean nvmeTcpExport,
        int nvmeTcpPort,
        String nqn,
        boolean mountFilesystem) {

    SimulatedDisk withSize(long bytes) {
        return new SimulatedDisk(slot, filePath, bytes, nvmeTcpExport, nvmeTcpPort, nqn, mountFilesystem);
    }
}
