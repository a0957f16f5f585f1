package io.srvlab.rds.simulator;

import java.util.Objects;

/**
 * A disk item in the simulated RDS: a file-backed disk, or (for tests of what the operator must leave alone) a disk of
 * another {@code type} that has no backing file.
 *
 * @param comment the item's {@code comment} ({@code ;;;} line in print detail); empty when none
 * @param allowHostName {@code nvme-tcp-server-allow-host-name}; empty when the export is open to any host
 * @param type the RouterOS disk type ({@code file}, {@code partition}, …); only {@code file} disks have a {@code
 *     file-path}
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
        String allowHostName,
        String type) {

    public SimulatedDisk {
        comment = Objects.requireNonNullElse(comment, "");
        allowHostName = Objects.requireNonNullElse(allowHostName, "");
        type = Objects.requireNonNullElse(type, "file");
        filePath = type.equals("file") ? filePath : "";
    }

    /** A file disk. */
    public SimulatedDisk(
            String slot,
            String filePath,
            long fileSizeBytes,
            boolean nvmeTcpExport,
            int nvmeTcpPort,
            String nqn,
            boolean mountFilesystem,
            String comment,
            String allowHostName) {
        this(
                slot,
                filePath,
                fileSizeBytes,
                nvmeTcpExport,
                nvmeTcpPort,
                nqn,
                mountFilesystem,
                comment,
                allowHostName,
                "file");
    }

    /** A file disk without comment and without a host restriction. */
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

    public boolean isFile() {
        return type.equals("file");
    }

    public SimulatedDisk withComment(String text) {
        return new SimulatedDisk(
                slot,
                filePath,
                fileSizeBytes,
                nvmeTcpExport,
                nvmeTcpPort,
                nqn,
                mountFilesystem,
                text,
                allowHostName,
                type);
    }

    public SimulatedDisk withAllowHostName(String hostName) {
        return new SimulatedDisk(
                slot,
                filePath,
                fileSizeBytes,
                nvmeTcpExport,
                nvmeTcpPort,
                nqn,
                mountFilesystem,
                comment,
                hostName,
                type);
    }

    /** The same disk as another RouterOS type (a {@code partition}, say): no file then. */
    public SimulatedDisk withType(String diskType) {
        return new SimulatedDisk(
                slot,
                filePath,
                fileSizeBytes,
                nvmeTcpExport,
                nvmeTcpPort,
                nqn,
                mountFilesystem,
                comment,
                allowHostName,
                diskType);
    }

    SimulatedDisk withSize(long bytes) {
        return new SimulatedDisk(
                slot, filePath, bytes, nvmeTcpExport, nvmeTcpPort, nqn, mountFilesystem, comment, allowHostName, type);
    }

    SimulatedDisk withExport(boolean export) {
        return new SimulatedDisk(
                slot, filePath, fileSizeBytes, export, nvmeTcpPort, nqn, mountFilesystem, comment, allowHostName, type);
    }

    SimulatedDisk withPort(int port) {
        return new SimulatedDisk(
                slot, filePath, fileSizeBytes, nvmeTcpExport, port, nqn, mountFilesystem, comment, allowHostName, type);
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
                allowHostName,
                type);
    }

    SimulatedDisk withMountFilesystem(boolean mount) {
        return new SimulatedDisk(
                slot, filePath, fileSizeBytes, nvmeTcpExport, nvmeTcpPort, nqn, mount, comment, allowHostName, type);
    }
}
