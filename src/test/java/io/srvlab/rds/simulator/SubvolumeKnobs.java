package io.srvlab.rds.simulator;

/**
 * Switches for what the vendor does not document about Btrfs subvolumes and about attaching a disk to a file that a
 * snapshot made (FACTS-style "unknown" rows of docs/snapshots.md). Defaults are the guesses docs/snapshots.md names;
 * thread-safe, reset with {@link SimulatorKnobs#reset()}.
 */
public final class SubvolumeKnobs {
    public static final String DEFAULT_DUPLICATE_ERROR = "failure: already have subvolume with such name";
    public static final String DEFAULT_IN_USE_ERROR = "failure: subvolume is in use";
    public static final String DEFAULT_NO_DIRECTORY_ERROR = "failure: no such directory";

    private volatile boolean refuseRemoveWhileDiskUsesFile = true;
    private volatile String inUseError = DEFAULT_IN_USE_ERROR;
    private volatile String duplicateError = DEFAULT_DUPLICATE_ERROR;
    private volatile boolean writableSnapshotOfReadOnly = true;
    private volatile boolean createsParentDirectories = true;
    private volatile boolean attachKeepsData = true;

    void reset() {
        refuseRemoveWhileDiskUsesFile = true;
        inUseError = DEFAULT_IN_USE_ERROR;
        duplicateError = DEFAULT_DUPLICATE_ERROR;
        writableSnapshotOfReadOnly = true;
        createsParentDirectories = true;
        attachKeepsData = true;
    }

    public boolean refuseRemoveWhileDiskUsesFile() {
        return refuseRemoveWhileDiskUsesFile;
    }

    /**
     * Whether {@code remove} of a subvolume in which a disk's file lies fails with {@link #inUseError()} (default) or
     * removes it, files and all, leaving the disk item behind (what an unlink under an open loop device would do).
     */
    public SubvolumeKnobs refuseRemoveWhileDiskUsesFile(boolean on) {
        refuseRemoveWhileDiskUsesFile = on;
        return this;
    }

    public String inUseError() {
        return inUseError;
    }

    public SubvolumeKnobs inUseError(String text) {
        inUseError = text;
        return this;
    }

    public String duplicateError() {
        return duplicateError;
    }

    /** Reply to {@code add} of a name that exists, as subvolume or as directory (real text unknown). */
    public SubvolumeKnobs duplicateError(String text) {
        duplicateError = text;
        return this;
    }

    public boolean writableSnapshotOfReadOnly() {
        return writableSnapshotOfReadOnly;
    }

    /** Whether a writable snapshot of a read-only snapshot is allowed (Btrfs allows it; RouterOS does not say). */
    public SubvolumeKnobs writableSnapshotOfReadOnly(boolean on) {
        writableSnapshotOfReadOnly = on;
        return this;
    }

    public boolean createsParentDirectories() {
        return createsParentDirectories;
    }

    /**
     * Whether {@code add name=a/b} makes the directory {@code a} when it does not exist (default) or fails with {@link
     * #DEFAULT_NO_DIRECTORY_ERROR} as {@code btrfs subvolume create} does.
     */
    public SubvolumeKnobs createsParentDirectories(boolean on) {
        createsParentDirectories = on;
        return this;
    }

    public boolean attachKeepsData() {
        return attachKeepsData;
    }

    /**
     * With {@link SimulatorKnobs#existingFileError(String)} null ({@code /disk add} accepts an existing file): whether
     * the file keeps its data (default) or the add starts it over as zeros.
     */
    public SubvolumeKnobs attachKeepsData(boolean on) {
        attachKeepsData = on;
        return this;
    }
}
