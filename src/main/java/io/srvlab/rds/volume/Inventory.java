package io.srvlab.rds.volume;

import io.srvlab.rds.routeros.Capacity;
import io.srvlab.rds.routeros.DiskInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything one RDS showed at one moment, read in a constant number of commands whatever the number of disks: its
 * file disks, the image files under the pool's base path, and the free space of their filesystem. Volume checks read
 * their disk here instead of asking the RDS one by one; only what looks wrong is looked at again on the RDS.
 *
 * <p>Free space is also where creates and grows book their bytes until the next inventory, so that volumes planned
 * against the same look cannot together overfill the filesystem.
 */
public final class Inventory {
    private final Instant takenAt;
    private final String basePath;
    private final Map<String, DiskInfo> bySlot;
    private final List<DiskInfo> disks;
    private final List<String> files;
    private final Capacity capacity;
    private final AtomicLong booked = new AtomicLong();

    public Inventory(Instant takenAt, String basePath, List<DiskInfo> disks, Capacity capacity, List<String> files) {
        this.takenAt = takenAt;
        this.basePath = basePath;
        this.disks = List.copyOf(disks);
        this.files = List.copyOf(files);
        this.capacity = capacity;
        Map<String, DiskInfo> slots = new HashMap<>(disks.size() * 2);
        for (DiskInfo disk : disks) {
            slots.put(disk.slot(), disk);
        }
        this.bySlot = Map.copyOf(slots);
    }

    public Instant takenAt() {
        return takenAt;
    }

    public String basePath() {
        return basePath;
    }

    public Capacity capacity() {
        return capacity;
    }

    /** Free bytes at the look, less what creates and grows booked since. */
    public long unbookedFreeBytes() {
        return capacity.freeBytes() - booked.get();
    }

    public Optional<DiskInfo> disk(String slot) {
        return Optional.ofNullable(bySlot.get(slot));
    }

    public int diskCount() {
        return disks.size();
    }

    /**
     * Books {@code bytes} of the free space for a create or grow about to run; false, booking nothing, when they do
     * not fit.
     */
    public boolean book(long bytes) {
        if (bytes <= 0) {
            return true;
        }
        while (true) {
            long now = booked.get();
            if (capacity.freeBytes() - now < bytes) {
                return false;
            }
            if (booked.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /**
     * What lies under the base path that no live volume accounts for. {@code liveVolumeUids} are the UIDs of this
     * pool config's RdsVolumes; {@code liveSlots} their slots (a disk from before owner markers is a live volume's
     * until it is marked).
     */
    public Findings findings(String poolConfig, Set<String> liveVolumeUids, Set<String> liveSlots) {
        String prefix = basePath + "/";
        Set<String> backing = new HashSet<>(disks.size() * 2);
        List<String> orphans = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        for (DiskInfo disk : disks) {
            backing.add(disk.filePath());
            if (!disk.filePath().startsWith(prefix)) {
                continue;
            }
            Optional<OwnerMarker> marker = OwnerMarker.parse(disk.comment());
            if (marker.isEmpty()) {
                if (!liveSlots.contains(disk.slot())) {
                    foreign.add(disk.slot());
                }
            } else if (marker.get().poolConfig().equals(poolConfig)
                    && !liveVolumeUids.contains(marker.get().volumeUid())) {
                orphans.add(disk.slot());
            }
        }
        List<String> detached = files.stream()
                .filter(f -> f.endsWith(".img") && !backing.contains(f) && !SubvolumePaths.inSnapshot(basePath, f))
                .sorted()
                .toList();
        return new Findings(
                orphans.stream().sorted().toList(), foreign.stream().sorted().toList(), detached);
    }

    /**
     * @param orphanSlots disks whose owner marker names this pool config and an RdsVolume that no longer exists
     * @param foreignSlots disks under the base path without an owner marker
     * @param detachedFiles image files under the base path that no disk uses
     */
    public record Findings(List<String> orphanSlots, List<String> foreignSlots, List<String> detachedFiles) {}
}
