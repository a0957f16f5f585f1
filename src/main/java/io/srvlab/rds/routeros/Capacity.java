package io.srvlab.rds.routeros;

/** Size and free space of the filesystem behind a mount point, in exact bytes. */
public record Capacity(String mountPoint, long totalBytes, long freeBytes) {}
