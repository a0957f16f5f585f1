package io.srvlab.rds.routeros;

/**
 * The device's identity name, RouterOS version (e.g. {@code 7.16 (stable)}) and the fingerprint of the host key it
 * presented over SSH (null where none was exchanged).
 */
public record SystemInfo(String identity, String version, String hostKeyFingerprint) {}
