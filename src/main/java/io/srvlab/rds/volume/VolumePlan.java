package io.srvlab.rds.volume;

import io.srvlab.rds.routeros.DiskInfo;
import java.util.ArrayList;
import java.util.Optional;

/**
 * The disk a volume should be on the RDS and what the operator may do to get there.
 *
 * @param filePath, nqn the values recorded when the volume was provisioned, or derived from the pool's volume defaults
 *     for a volume that has none yet
 * @param basePath the pool config's current {@code volumeDefaults.basePath} (no trailing slash): what the volume's
 *     status cannot widen — only a file at {@code <basePath>/<slot>.img} (or one its disk reports) is ever removed,
 *     and only a file disk under it is adopted
 * @param allowHostName export restriction for a new disk; empty for none
 * @param history whether a disk was provisioned for this volume before
 * @param mayAdopt whether an unmarked disk in the slot may be taken over
 * @param subvolume for a new volume of a pool config with snapshots on: the Btrfs subvolume it gets of its own (its
 *     file lies in it); null for the plain layout, and for a provisioned volume (whose file path tells)
 */
public record VolumePlan(
        String slot,
        String filePath,
        String basePath,
        long sizeBytes,
        String nqn,
        int nvmeTcpPort,
        OwnerMarker owner,
        String allowHostName,
        History history,
        boolean mayAdopt,
        SubvolumeOrigin subvolume) {

    /** A plan in the plain layout: the file right under the base path. */
    public VolumePlan(
            String slot,
            String filePath,
            String basePath,
            long sizeBytes,
            String nqn,
            int nvmeTcpPort,
            OwnerMarker owner,
            String allowHostName,
            History history,
            boolean mayAdopt) {
        this(slot, filePath, basePath, sizeBytes, nqn, nvmeTcpPort, owner, allowHostName, history, mayAdopt, null);
    }

    /** A new volume whose disk takes the image a writable snapshot of its source put into its subvolume. */
    public boolean attachesCopiedImage() {
        return history == History.NEW && subvolume != null && subvolume.isCopy();
    }

    /**
     * The name of the volume's own subvolume: the planned one, or the one its file lies in when that directory is
     * {@code <basePath>/rdsv-<its uid>} (a name only this volume can have).
     */
    public Optional<String> ownSubvolume() {
        if (subvolume != null) {
            return Optional.of(subvolume.name());
        }
        return SubvolumePaths.ofVolumeFile(owner.volumeUid(), filePath);
    }

    /** The same plan with its disk's file in a subvolume of its own, made as {@code origin} says. */
    public VolumePlan inSubvolume(String file, SubvolumeOrigin origin) {
        return new VolumePlan(
                slot, file, basePath, sizeBytes, nqn, nvmeTcpPort, owner, allowHostName, history, mayAdopt, origin);
    }

    public enum History {
        /** No disk was provisioned for the volume yet: an empty slot is filled with a new disk. */
        NEW,
        /** The volume had a disk: an empty slot means it was lost, and nothing is created. */
        PROVISIONED,
        /**
         * As {@link #PROVISIONED}, by an operator version that wrote no owner markers: the one case in which an
         * unmarked disk at the recorded file path is taken as the volume's own (and marked once).
         */
        PROVISIONED_BEFORE_MARKERS,
        /** The volume's disk was lost and the user asked for a new, empty one. */
        RECREATE_REQUESTED
    }

    /** The volume had a disk that should still be there (not a new volume, not a requested replacement). */
    public boolean expectsItsDisk() {
        return history == History.PROVISIONED || history == History.PROVISIONED_BEFORE_MARKERS;
    }

    /** Who the disk's marker names, relative to this volume. */
    enum Ownership {
        MINE,
        ANOTHER_VOLUME,
        UNMARKED
    }

    /** A disk that is not a file disk is never a volume's: it counts as unmarked, and no plan may adopt it. */
    Ownership ownership(DiskInfo disk) {
        if (!isFileDisk(disk)) {
            return Ownership.UNMARKED;
        }
        return OwnerMarker.parse(disk.comment())
                .map(marker -> marker.volumeUid().equals(owner.volumeUid()) ? Ownership.MINE : Ownership.ANOTHER_VOLUME)
                .orElse(Ownership.UNMARKED);
    }

    /**
     * How the disk's NVMe/TCP export differs from what initiators of this volume use; empty when it matches. A disk
     * being adopted must be exported (under any port and NQN, which it keeps); any other disk must be exported on the
     * planned port and NQN (the recorded ones, once provisioned).
     */
    Optional<String> exportMismatch(DiskInfo disk, boolean adopting) {
        var problems = new ArrayList<String>();
        if (!disk.nvmeTcpExport()) {
            problems.add("nvme-tcp-export is not yes");
        }
        if (adopting) {
            if (disk.nqn() == null || disk.nqn().isEmpty()) {
                problems.add("it has no nvme-tcp-server-nqn");
            }
        } else {
            if (disk.nvmeTcpPort() != nvmeTcpPort) {
                problems.add("nvme-tcp-server-port is " + disk.nvmeTcpPort() + ", not " + nvmeTcpPort);
            }
            if (!nqn.equals(disk.nqn())) {
                problems.add("nvme-tcp-server-nqn is \"" + disk.nqn() + "\", not " + nqn);
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", problems));
    }

    /**
     * A disk provisioned for this volume by an operator version that wrote no markers: such a version put a file disk
     * at {@code <basePath>/<slot>.img}, so a status naming any other place does not make a disk there the volume's.
     */
    boolean isPremarkerDisk(DiskInfo disk) {
        return history == History.PROVISIONED_BEFORE_MARKERS
                && isFileDisk(disk)
                && ownership(disk) == Ownership.UNMARKED
                && disk.comment().isEmpty()
                && filePath.equals(ownFilePath())
                && filePath.equals(disk.filePath());
    }

    /**
     * Where the operator puts the file of a disk in this slot: {@code <basePath>/<slot>.img}, or the recorded file
     * when it lies in the volume's own subvolume.
     */
    String ownFilePath() {
        return ownSubvolume().isPresent() ? filePath : basePath + "/" + slot + ".img";
    }

    /**
     * Why an unmarked disk lies outside what adoption through this pool config may reach; empty when it may be
     * adopted: a file disk whose file lies under the base path.
     */
    Optional<String> outOfAdoptionReach(DiskInfo disk) {
        if (!isFileDisk(disk)) {
            return Optional.of("it is a disk of type " + (disk.type().isEmpty() ? "(none)" : disk.type())
                    + ", and only file disks (type=file) are adopted");
        }
        if (!isUnder(disk.filePath(), basePath)) {
            return Optional.of(
                    "its file " + disk.filePath() + " does not lie under the RdsPoolConfig's basePath " + basePath);
        }
        return Optional.empty();
    }

    private static boolean isFileDisk(DiskInfo disk) {
        return "file".equals(disk.type());
    }

    /** {@code path} lies in {@code directory} or below it, with no {@code .}, {@code ..} or empty segment. */
    static boolean isUnder(String path, String directory) {
        if (path == null || !path.startsWith(directory + "/")) {
            return false;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
