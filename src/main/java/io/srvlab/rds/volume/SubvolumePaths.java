package io.srvlab.rds.volume;

/**
 * Where volumes and snapshots live as Btrfs subvolumes. A subvolume's name is its path inside the filesystem, which is
 * mounted at the first segment of the base path (the same assumption the capacity look-up makes); names carry the
 * Kubernetes uid of their object and never tenant text.
 */
public final class SubvolumePaths {
    public static final String VOLUME_PREFIX = "rdsv-";
    public static final String SNAPSHOT_PREFIX = "rdss-";

    private SubvolumePaths() {}

    /** {@code <basePath>/rdsv-<uid>}: the directory of a volume's own subvolume. */
    public static String volumeDirectory(String basePath, String volumeUid) {
        return basePath + "/" + VOLUME_PREFIX + volumeUid;
    }

    /** {@code <basePath>/rdss-<uid>}: the directory of an RdsSnapshot's read-only snapshot. */
    public static String snapshotDirectory(String basePath, String snapshotUid) {
        return basePath + "/" + SNAPSHOT_PREFIX + snapshotUid;
    }

    /** The subvolume name of an absolute directory: the path without its first segment (the mount point). */
    public static String name(String absoluteDirectory) {
        int second = absoluteDirectory.indexOf('/', 1);
        if (!absoluteDirectory.startsWith("/") || second < 0) {
            throw new IllegalArgumentException("not a directory inside a filesystem: " + absoluteDirectory);
        }
        return absoluteDirectory.substring(second + 1);
    }

    /**
     * The subvolume a volume's file lies in when that is its own ({@code …/rdsv-<uid>/<file>}, a name only that volume
     * has); empty for a file in the plain layout.
     */
    public static java.util.Optional<String> ofVolumeFile(String volumeUid, String filePath) {
        if (filePath == null || filePath.lastIndexOf('/') <= 0) {
            return java.util.Optional.empty();
        }
        String dir = parent(filePath);
        return dir.endsWith("/" + VOLUME_PREFIX + volumeUid) && dir.indexOf('/', 1) > 0
                ? java.util.Optional.of(name(dir))
                : java.util.Optional.empty();
    }

    /** The directory part of an absolute file path. */
    public static String parent(String filePath) {
        return filePath.substring(0, filePath.lastIndexOf('/'));
    }

    /** Whether a file lies inside some RdsSnapshot's snapshot under the base path (it backs no disk by design). */
    public static boolean inSnapshot(String basePath, String file) {
        return file.startsWith(basePath + "/" + SNAPSHOT_PREFIX);
    }
}
