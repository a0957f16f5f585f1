package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * Snapshots and clones on one RDS ({@code RdsPoolConfig.spec.snapshots}): a new volume gets a Btrfs subvolume of its
 * own, which RdsSnapshots snapshot (read-only) and new volumes copy (writable snapshots); see docs/snapshots.md.
 *
 * @param method how copies are made; {@code btrfsSubvolume} is the one copy primitive the vendor documents as
 *     copy-on-write
 * @param filesystem the Btrfs filesystem's name as {@code /disk/btrfs/subvolume/add fs=} takes it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Snapshots(
        @Required
        @Pattern("^" + Snapshots.BTRFS_SUBVOLUME + "$")
        @JsonPropertyDescription("How copies are made: btrfsSubvolume (Btrfs subvolume snapshots, RouterOS 7.18+ with"
                + " the ROSE-storage package).")
        String method,

        @Required
        @Pattern(FILESYSTEM)
        @JsonPropertyDescription("Name of the Btrfs filesystem that holds volumeDefaults.basePath, as"
                + " /disk/btrfs/subvolume/add fs= takes it (see docs/snapshots.md for how to find it).")
        String filesystem) {

    public static final String BTRFS_SUBVOLUME = "btrfsSubvolume";
    public static final String FILESYSTEM = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$";
}
