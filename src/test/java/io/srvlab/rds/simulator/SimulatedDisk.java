package io.srvlab.rds.simulator;

import java.util.Objects;

/**
 * A file-backed disk item in the simulated RDS.
 *
 * @param comment the item's {@code comment} ({@code ;;;} line in print detail); empty when none
 * @param allowHostName {@code nvme-tcp-server-allow-host-name}; empty when the export is open to any host
 */
public record SimulatedDisk(
        String slot,
        String filePath,
        long fileSizeBytes,
        boolean nvmeTcpExport,
        int nvmeTcpPort,
        String nqn,
        boolean mountFilesystem,
        String comment,
        String allowHostName) {

    public SimulatedDisk {
        comment = Objects.requireNonNullElse(comment, "");
        allowHostName = Objects.requireNonNullElse(allowHostName, "");
    }

    /** A disk without comment and without a host restriction. */
    public SimulatedDisk(
            String slot,
            String filePath,
            long fileSizeBytes,
            boolean nvmeTcpExport,
            int nvmeTcpPort,
            String nqn,
            boolean mountFilesystem) {
        this(slot, filePath, fileSizeBytes, nvmeTcpExport, nvmeTcpPort, nqn, mountFilesystem, "", "");
    }

    public SimulatedDisk withComment(String text) {
        return new SimulatedDisk(
                slot, filePath, fileSizeBytes, nvmeTcpExport, nvmeTcpPort, nqn, mountFilesystem, text, allowHostName);
    }

    public SimulatedDisk withAllowHostName(String hostName) {
        return new SimulatedDisk(
                slot, filePath, fileSizeBytes, nvmeTcpExport, nvmeTcpPort, nqn, mountFilesystem, comment, hostName);
    }

    SimulatedDisk withSize(long bytes) {
        return new SimulatedDisk(
                slot, filePath, bytes, nvmeTcpExport, nvmeTcpPort, nqn, mountFilesystem, comment, allowHostName);
    }

    SimulatedDisk withExport(boolean export) {
        return new SimulatedDisk(
                slot, filePath, fileSizeBytes, export, nvmeTcpPort, nqn, mountFilesystem, comment, allowHostName);
    }

    SimulatedDisk withPort(int port) {
        return new SimulatedDisk(
                slot, filePath, fileSizeBytes, nvmeTcpExport, port, nqn, mountFilesystem, comment, allowHostName);
    }

    SimulatedDisk withNqn(String value) {
        return new SimulatedDisk(
                slot,
                filePath,
                fileSizeBytes,
                nvmeTcpExport,
                nvmeTcpPort,
                value,
                mountFilesystem,
                comment,
                allowHostName);
    }

    SimulatedDisk withMountFilesystem(boolean mount) {
        return new SimulatedDisk(
                slot, filePath, fileSizeBytes, nvmeTcpExport, nvmeTcpPort, nqn, mount, comment, allowHostName);
    }
}
