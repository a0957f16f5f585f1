package io.srvlab.rds.routeros;

import java.util.List;
import java.util.Optional;

/**
 * One {@code /disk print detail} of a whole server: its file disks, and the capacity of the volumes' filesystem when
 * the listing showed which item that is.
 */
public record DiskListing(List<DiskInfo> fileDisks, Optional<Capacity> capacity) {}
