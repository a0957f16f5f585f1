package io.srvlab.rds.routeros;

/** The device's identity name and RouterOS version (e.g. {@code 7.16 (stable)}). */
public record SystemInfo(String identity, String version) {}
