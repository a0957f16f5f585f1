package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What the operator observed of one snapshot on the RDS. Written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RdsSnapshotStatus(
        @JsonPropertyDescription("Pending, Ready, Failed or Deleting.")
        Phase phase,

        @JsonPropertyDescription("True once the snapshot exists on the RDS and volumes may be made from it.")
        Boolean readyToUse,

        @JsonPropertyDescription("Bytes a volume made from this snapshot needs at least: the source disk's size.")
        Long restoreSize,

        @JsonPropertyDescription("When the snapshot was taken (RFC 3339).")
        String creationTime,

        @JsonPropertyDescription("Name of the read-only subvolume snapshot on the RDS (carries this object's uid).")
        String rdsName,

        @JsonPropertyDescription("The RDS that holds the snapshot (host:port of its SSH address).")
        String server,

        @JsonPropertyDescription("The RdsPoolConfig of the source volume; volumes made from the snapshot use it too.")
        String poolConfigName,

        @JsonPropertyDescription("The Btrfs filesystem that holds the snapshot (the fs= it was taken with).")
        String filesystem,

        @JsonPropertyDescription("File name of the volume's image inside the snapshot.")
        String image,

        @JsonPropertyDescription(
                "Ready, with a reason that names the cause when it is False (docs/troubleshooting.md).")
        List<Condition> conditions,

        @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,

        @JsonPropertyDescription("Human-readable detail of the last outcome.")
        String message) {

    public enum Phase {
        Pending,
        Ready,
        Failed,
        Deleting
    }
}
