package io.srvlab.rds.rds;

/** The disk a volume should be on the RDS: derived from the RdsVolume and its pool's volume defaults. */
public record VolumePlan(String slot, String filePath, long sizeBytes, String nqn, int nvmeTcpPort) {}
