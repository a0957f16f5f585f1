package io.srvlab.rds.volume;

/** Identity, version and capacity of one RDS, as shown in the RdsPoolConfig status. */
public record ServerFacts(String identity, String routerOsVersion, long totalBytes, long freeBytes) {}
