package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A file-backed disk on an RDS, exported over NVMe/TCP. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.slot) == has(oldSelf.slot) && (!has(self.slot) || self.slot == oldSelf.slot)",
        message = "slot is immutable")
@ValidationRule(
        value = "quantity(self.size).compareTo(quantity(oldSelf.size)) >= 0",
        message = "size may grow but never shrink")
public record RdsVolumeSpec(
        @Required
        @Size(max = 253)
        @Pattern(ApiPatterns.DNS_NAME)
        @ValidationRule(value = "self == oldSelf", message = "poolConfigName is immutable")
        @JsonPropertyDescription("Name of the RdsPoolConfig (the RDS server) that holds this volume.")
        String poolConfigName,

        @Required
        @Pattern(ApiPatterns.SIZE)
        @ValidationRule(value = "quantity(self).isGreaterThan(quantity('0'))", message = "size must be positive")
        @JsonPropertyDescription("Capacity as a Kubernetes quantity, e.g. 10Gi. May grow, never shrink.")
        String size,

        @Default("Delete") @JsonPropertyDescription("Delete removes the disk and its file; Retain keeps both.")
        DeletionPolicy deletionPolicy,

        @Pattern(ApiPatterns.SLOT)
        @JsonPropertyDescription("Adopt an existing disk by slot. Default: derived from metadata.uid.")
        String slot) {

    public enum DeletionPolicy {
        Delete,
        Retain
    }
}
