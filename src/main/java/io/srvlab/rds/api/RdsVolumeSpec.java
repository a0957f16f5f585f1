package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
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

        @JsonPropertyDescription("Delete removes the disk and its file; Retain keeps both. Default: Delete for a disk"
                + " the operator created, Retain for an adopted one.")
        DeletionPolicy deletionPolicy,

        @Pattern(ApiPatterns.SLOT)
        @ValidationRule(
                value = "!self.lowerAscii().startsWith('" + ApiPatterns.OPERATOR_SLOT_PREFIX + "')",
                message = "slots starting with " + ApiPatterns.OPERATOR_SLOT_PREFIX
                        + " are reserved for disks the operator names itself")
        @JsonPropertyDescription("Use this slot instead of the derived rdsv-<uid>: a new disk is created there, or an"
                + " existing unmarked disk is adopted where the RdsPoolConfig allows it.")
        String slot,

        @Pattern(ApiPatterns.REQUEST_TOKEN)
        @JsonPropertyDescription("Set to a new value to ask for a new, EMPTY disk after this volume's disk was lost"
                + " (reason DiskMissing). The data of the lost disk is not recovered.")
        String recreateMissingDisk,

        @Pattern(ApiPatterns.HOST_NAME)
        @JsonPropertyDescription("Export only to initiators that announce this host name (RouterOS"
                + " nvme-tcp-server-allow-host-name). Default: the RdsPoolConfig's volumeDefaults.allowedHostName;"
                + " none means any initiator that reaches the port.")
        String allowedHostName) {

    /** A spec without the optional request fields. */
    public static RdsVolumeSpec of(String poolConfigName, String size, DeletionPolicy deletionPolicy, String slot) {
        return new RdsVolumeSpec(poolConfigName, size, deletionPolicy, slot, null, null);
    }

    public enum DeletionPolicy {
        Delete,
        Retain
    }
}
