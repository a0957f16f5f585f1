package io.srvlab.rds.routeros;

/**
 * What {@code /disk add type=file …} needs; every field is validated when the command is built.
 *
 * @param comment written as the disk's {@code comment}: the owner marker that later commands check
 * @param allowHostName restricts the export to initiators announcing this host name; empty for none
 */
public record CreateDisk(
        String slot,
        String filePath,
        long sizeBytes,
        int nvmeTcpPort,
        String nqn,
        String comment,
        String allowHostName) {

    public CreateDisk {
        comment = comment == null ? "" : comment;
        allowHostName = allowHostName == null ? "" : allowHostName;
    }

    /** A disk without owner marker or export restriction (tests and tools). */
    public CreateDisk(String slot, String filePath, long sizeBytes, int nvmeTcpPort, String nqn) {
        this(slot, filePath, sizeBytes, nvmeTcpPort, nqn, "", "");
    }
}
