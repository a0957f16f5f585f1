package io.srvlab.rds.volume;

/** Identity, version, presented host key and capacity of one RDS, as shown in the RdsPoolConfig status. */
public record ServerFacts(
        String identity, String routerOsVersion, String hostKeyFingerprint, long totalBytes, long freeBytes) {}
