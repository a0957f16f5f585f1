package io.srvlab.rds.volume;

import io.srvlab.rds.routeros.DiskInfo;
import java.util.ArrayList;
import java.util.Optional;

/**
 * The disk a volume should be on the RDS and what the operator may do to get there.
 *
 * @param filePath, nqn the values recorded when the volume was provisioned, or derived from the pool's volume defaults
 *     for a volume that has none yet
 * @param allowHostName export restriction for a new disk; empty for none
 * @param history whether a disk was provisioned for this volume before
 * @param mayAdopt whether an unmarked disk in the slot may be taken over
 */
public record VolumePlan(
        String slot,
        String filePath,
        long sizeBytes,
        String nqn,
        int nvmeTcpPort,
        OwnerMarker owner,
        String allowHostName,
        History history,
        boolean mayAdopt) {

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

    Ownership ownership(DiskInfo disk) {
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

    /** A disk provisioned for this volume by an operator version that wrote no markers. */
    boolean isPremarkerDisk(DiskInfo disk) {
        return history == History.PROVISIONED_BEFORE_MARKERS
                && ownership(disk) == Ownership.UNMARKED
                && disk.comment().isEmpty()
                && filePath.equals(disk.filePath());
    }
}
