package io.srvlab.rds.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * In-memory RDS: one RAID filesystem mounted at {@link #mountPoint()} (total and free bytes), file disks, the files
 * that back them, Btrfs subvolumes of that filesystem, and what tests wrote into image files. {@code /disk remove}
 * leaves the file behind, as on hardware. Thread-safe (a lock, not {@code synchronized}, so virtual threads do not
 * pin).
 */
public final class SimulatedRds {
    public static final long DEFAULT_TOTAL = 7_681_574_174_720L;
    public static final long DEFAULT_USED = 379_647_127_552L;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, SimulatedDisk> disks = new LinkedHashMap<>();
    /** /file names (no leading slash) to sizes. */
    private final Map<String, Long> files = new LinkedHashMap<>();
    /** Subvolumes by name (their path inside the filesystem). */
    private final Map<String, SimulatedSubvolume> subvolumes = new LinkedHashMap<>();
    /** Written content of files by /file name; a file without an entry reads as zeros. */
    private final Map<String, ImageContent> contents = new HashMap<>();
    /** Files a snapshot made: their extents are shared with the source, so they take no free space. */
    private final Set<String> sharedFiles = new HashSet<>();

    private String identity = "RDS";
    private String version = "7.16 (stable)";
    private String mountPoint = "storage-pool";
    private String btrfsFilesystem = "storage-pool";
    private long totalBytes = DEFAULT_TOTAL;
    private long otherUsedBytes = DEFAULT_USED;

    public void reset() {
        locked(() -> {
            disks.clear();
            files.clear();
            subvolumes.clear();
            contents.clear();
            sharedFiles.clear();
            btrfsFilesystem = "storage-pool";
            identity = "RDS";
            version = "7.16 (stable)";
            mountPoint = "storage-pool";
            totalBytes = DEFAULT_TOTAL;
            otherUsedBytes = DEFAULT_USED;
            return null;
        });
    }

    <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Sets the filesystem size and free bytes (free before any simulated files are counted). */
    public void capacity(long total, long free) {
        if (free > total || free < 0) {
            throw new IllegalArgumentException("free must be within 0..total");
        }
        locked(() -> {
            totalBytes = total;
            otherUsedBytes = total - free - filesBytes();
            return null;
        });
    }

    public void identity(String name) {
        locked(() -> identity = name);
    }

    public String identity() {
        return locked(() -> identity);
    }

    public void version(String v) {
        locked(() -> version = v);
    }

    public String version() {
        return locked(() -> version);
    }

    public String mountPoint() {
        return locked(() -> mountPoint);
    }

    public long totalBytes() {
        return locked(() -> totalBytes);
    }

    public long freeBytes() {
        return locked(() -> Math.max(0, totalBytes - otherUsedBytes - filesBytes()));
    }

    private long filesBytes() {
        return files.entrySet().stream()
                .filter(f -> !sharedFiles.contains(f.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    public List<SimulatedDisk> disks() {
        return locked(() -> List.copyOf(disks.values()));
    }

    public Optional<SimulatedDisk> disk(String slot) {
        return locked(() -> Optional.ofNullable(disks.get(slot)));
    }

    /** File names (no leading slash) and sizes. */
    public Map<String, Long> files() {
        return locked(() -> Map.copyOf(files));
    }

    /** Puts a disk (and a file disk's file) straight into the state, bypassing the CLI; for test setup. */
    public void putDisk(SimulatedDisk disk) {
        locked(() -> {
            disks.put(disk.slot(), disk);
            if (disk.isFile()) {
                files.put(disk.filePath().substring(1), disk.fileSizeBytes());
            }
            return null;
        });
    }

    /**
     * Puts a file with no disk item (a detached image) straight into the state; for test setup. {@code name} is the
     * /file name, without the leading slash a disk's {@code file-path} has (one is dropped if given).
     */
    public void putFile(String name, long size) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        if (n.isEmpty() || n.endsWith("/") || size < 0) {
            throw new IllegalArgumentException("not a file name and size: " + name + " " + size);
        }
        locked(() -> files.put(n, size));
    }

    /**
     * The name {@code fs=} takes for the filesystem at {@link #mountPoint()} (an assumption: the vendor does not say
     * how a Btrfs filesystem is named; default the RAID's slot).
     */
    public void btrfsFilesystem(String name) {
        locked(() -> btrfsFilesystem = name);
    }

    public String btrfsFilesystem() {
        return locked(() -> btrfsFilesystem);
    }

    public List<SimulatedSubvolume> subvolumes() {
        return locked(() -> List.copyOf(subvolumes.values()));
    }

    public Optional<SimulatedSubvolume> subvolume(String name) {
        return locked(() -> Optional.ofNullable(subvolumes.get(name)));
    }

    /**
     * Test-only side door (no RouterOS command does this): writes {@code data} at {@code offset} into the file at
     * {@code filePath}, as a client of the exported disk would.
     */
    public void writeImage(String filePath, long offset, byte[] data) {
        String name = fileName(filePath);
        locked(() -> {
            Long size = files.get(name);
            if (size == null || offset < 0 || offset + data.length > size) {
                throw new IllegalArgumentException("no room for the write in " + filePath);
            }
            contents.put(name, contents.getOrDefault(name, ImageContent.EMPTY).with(offset, data));
            return null;
        });
    }

    /** Test-only side door: {@code length} bytes of the file at {@code filePath} from {@code offset}. */
    public byte[] readImage(String filePath, long offset, int length) {
        String name = fileName(filePath);
        return locked(() -> {
            if (!files.containsKey(name)) {
                throw new IllegalArgumentException("no file " + filePath);
            }
            return contents.getOrDefault(name, ImageContent.EMPTY).read(offset, length);
        });
    }

    private static String fileName(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    // ---- used by the CLI interpreter under the lock

    Map<String, SimulatedSubvolume> subvolumeMap() {
        return subvolumes;
    }

    Map<String, ImageContent> contentMap() {
        return contents;
    }

    Set<String> sharedFileSet() {
        return sharedFiles;
    }

    String btrfsFilesystemUnlocked() {
        return btrfsFilesystem;
    }

    Map<String, SimulatedDisk> diskMap() {
        return disks;
    }

    Map<String, Long> fileMap() {
        return files;
    }

    long freeUnlocked() {
        return Math.max(0, totalBytes - otherUsedBytes - filesBytes());
    }

    long totalUnlocked() {
        return totalBytes;
    }

    String mountPointUnlocked() {
        return mountPoint;
    }

    String identityUnlocked() {
        return identity;
    }

    String versionUnlocked() {
        return version;
    }

    List<SimulatedDisk> disksUnlocked() {
        return new ArrayList<>(disks.values());
    }
}
