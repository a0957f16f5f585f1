package io.srvlab.rds.simulator;

import java.time.LocalDateTime;

/**
 * A Btrfs subvolume ({@code /disk/btrfs/subvolume}): {@code name} is its path inside filesystem {@code fs}, whose
 * files appear under {@code /<mount point>/<name>/} (an assumption: the vendor documents a read-only {@code path}
 * field, not its value).
 *
 * @param snapshotOf the subvolume it is a snapshot of; empty for a plain subvolume
 */
public record SimulatedSubvolume(
        String fs,
        String name,
        boolean readOnly,
        String snapshotOf,
        String uuid,
        long subvolumeId,
        LocalDateTime creationTime) {

    public boolean isSnapshot() {
        return !snapshotOf.isEmpty();
    }
}
