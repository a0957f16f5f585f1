package io.srvlab.rds.volume;

/**
 * Why the operator declined to touch the RDS for a volume. Each is permanent: waiting does not change who owns a
 * disk, so the volume reports the reason and nothing is sent until the user acts.
 */
public enum Refusal {
    /** The disk in the slot carries another RdsVolume's owner marker. */
    DiskOwnedByAnotherVolume,
    /** The disk in the slot carries no owner marker, and this namespace may not adopt unmarked disks. */
    AdoptionNotAllowed,
    /** The volume's own disk lost its owner marker, or the slot now holds a disk the volume cannot tell is its own. */
    DiskNotOwned,
    /** The disk this volume was provisioned with is gone; a new, empty one is made only on explicit request. */
    DiskMissing,
    /** The backing file is used by a disk this volume does not own. */
    FileInUse,
    /** A file already exists where a new disk would be backed: a detached image is never reused or overwritten. */
    FileExists,
    /** Another disk on the RDS is exported under the NQN a new disk would get: initiators could not tell them apart. */
    NqnInUse,
    /**
     * The disk is not exported as the volume needs (NVMe/TCP export off, another port or NQN) and it is not one the
     * operator made, so it is not changed: an adopted disk, or one being adopted.
     */
    ExportMismatch,
    /**
     * A volume made from a snapshot or another volume found no image in the copy of its source: it is never given an
     * empty disk instead.
     */
    SourceImageMissing
}
