package io.srvlab.rds.routeros;

/** What {@code /disk add type=file …} needs; every field is validated when the command is built. */
public record CreateDisk(String slot, String filePath, long sizeBytes, int nvmeTcpPort, String nqn) {}
