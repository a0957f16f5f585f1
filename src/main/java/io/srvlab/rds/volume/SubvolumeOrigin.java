package io.srvlab.rds.volume;

/**
 * How a new volume's own Btrfs subvolume is made: empty ({@code parent} empty), or as a writable snapshot of {@code
 * parent} (an RdsSnapshot's read-only snapshot, or another volume's subvolume) holding an image of {@code imageBytes}.
 *
 * @param filesystem the {@code fs=} of the pool config's {@code spec.snapshots}
 * @param name the subvolume's name inside the filesystem
 */
public record SubvolumeOrigin(String filesystem, String name, String parent, long imageBytes) {
    public static SubvolumeOrigin empty(String filesystem, String name) {
        return new SubvolumeOrigin(filesystem, name, "", 0);
    }

    public boolean isCopy() {
        return !parent.isEmpty();
    }
}
