package io.srvlab.rds.rds;

/** A disk as the RDS reports it, with its exact size in bytes. */
public record ProvisionedDisk(String slot, String filePath, long capacityBytes, String nqn, int nvmeTcpPort) {}
