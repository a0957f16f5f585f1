package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A read-only Btrfs snapshot of an RdsVolume of the same namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RdsSnapshotSpec(
        @Required
        @ValidationRule(value = "self == oldSelf", message = "source is immutable")
        @JsonPropertyDescription("The RdsVolume to snapshot, in this namespace. Immutable.")
        Source source,

        @JsonPropertyDescription("Delete removes the snapshot from the RDS with this object; Retain keeps it there."
                + " Default: Delete.")
        RdsVolumeSpec.DeletionPolicy deletionPolicy) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(
            @Required
            @Size(max = 253)
            @Pattern(ApiPatterns.DNS_NAME)
            @JsonPropertyDescription("Name of an RdsVolume in this namespace.")
            String volumeName) {}
}
