package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/**
 * Per-namespace budgets on one RDS ({@code spec.tenancy.limits} of an RdsPoolConfig), checked before every create and
 * grow of a volume and before every snapshot is taken.
 *
 * @param perNamespace applies to every namespace without an override (serialized as {@code default})
 * @param overrides a named namespace's limits, by namespace; a field an override leaves out falls back to the default's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantLimits(
        @JsonProperty("default")
        @JsonPropertyDescription("Limits of every namespace that has no override; a field left out is unlimited.")
        Limit perNamespace,

        @Size(max = 100)
        @JsonPropertyDescription(
                "Limits of named namespaces, by namespace; a field left out falls back to the" + " default's.")
        Map<String, Limit> overrides) {

    /** What {@code namespace} may hold: its override's fields, each absent one the default's. */
    public Limit forNamespace(String namespace) {
        Limit fallback = perNamespace != null ? perNamespace : new Limit(null, null, null);
        Limit override = overrides == null ? null : overrides.get(namespace);
        if (override == null) {
            return fallback;
        }
        return new Limit(
                override.maxVolumes() != null ? override.maxVolumes() : fallback.maxVolumes(),
                override.maxSize() != null ? override.maxSize() : fallback.maxSize(),
                override.maxSnapshots() != null ? override.maxSnapshots() : fallback.maxSnapshots());
    }

    /** What one namespace may hold: absent fields are not limited (or, in an override, the default's). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Limit(
            @Min(0)
            @JsonPropertyDescription("Most RdsVolumes (with a disk or on their way to one) the namespace may hold.")
            Long maxVolumes,

            @Pattern(ApiPatterns.SIZE)
            @JsonPropertyDescription("Most bytes the namespace's volumes may add up to (their spec.size), e.g. 500Gi.")
            String maxSize,

            @Min(0)
            @JsonPropertyDescription("Most RdsSnapshots (taken or on their way) the namespace may hold on this RDS."
                    + " Snapshots do not count toward maxSize: they share their source's blocks (copy-on-write).")
            Long maxSnapshots) {

        public Limit(Long maxVolumes, String maxSize) {
            this(maxVolumes, maxSize, null);
        }
    }
}
