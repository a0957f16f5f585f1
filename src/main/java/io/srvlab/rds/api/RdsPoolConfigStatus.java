package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What the operator observed of one RDS server and its pool. Written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RdsPoolConfigStatus(
        @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,

        @JsonPropertyDescription("Ready, Reachable, CircuitClosed and HostKeyVerified, each with a reason (see the"
                + " troubleshooting table in docs/troubleshooting.md).")
        List<Condition> conditions,

        @JsonPropertyDescription("State of the circuit breaker: CLOSED (commands flow), OPEN (commands refused until"
                + " the open duration passes) or HALF_OPEN (probing).")
        CircuitState circuitState,

        @JsonPropertyDescription("SSH session pool figures, refreshed every statusInterval.")
        PoolStatus pool,

        @JsonPropertyDescription("The metadata.generation whose settings the live pool runs with.")
        Long appliedGeneration,

        @JsonPropertyDescription("When the live pool last took new settings (RFC 3339).")
        String lastReloadTime,

        @JsonPropertyDescription("What the RDS said about itself at the last look.")
        ServerStatus server,

        @JsonPropertyDescription("What the last inventory of the RDS found under the base path that no RdsVolume of"
                + " this config accounts for; reported only, never removed (see docs/inventory.md).")
        InventoryStatus inventory) {

    /** Only which generation was loaded into the pool, and when: a merge patch of these two fields. */
    public static RdsPoolConfigStatus applied(long appliedGeneration, String lastReloadTime) {
        return new RdsPoolConfigStatus(null, null, null, null, appliedGeneration, lastReloadTime, null, null);
    }

    public static RdsPoolConfigStatus empty() {
        return new RdsPoolConfigStatus(null, List.of(), null, null, null, null, null, null);
    }

    public RdsPoolConfigStatus withConditions(long observedGeneration, List<Condition> conditions) {
        return new RdsPoolConfigStatus(
                observedGeneration,
                conditions,
                circuitState,
                pool,
                appliedGeneration,
                lastReloadTime,
                server,
                inventory);
    }

    /** What the pool and the server showed at one look; conditions are set separately. */
    public RdsPoolConfigStatus withObservation(
            CircuitState circuitState,
            PoolStatus pool,
            Long appliedGeneration,
            String lastReloadTime,
            ServerStatus server,
            InventoryStatus inventory) {
        return new RdsPoolConfigStatus(
                observedGeneration,
                conditions,
                circuitState,
                pool,
                appliedGeneration,
                lastReloadTime,
                server,
                inventory);
    }

    public enum CircuitState {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PoolStatus(
            @JsonPropertyDescription("SSH sessions opened since the pool started.")
            Long connectionsCreated,

            @JsonPropertyDescription("Sessions leased to an operation right now.")
            Integer active,

            @JsonPropertyDescription("Open sessions waiting for reuse.")
            Integer idle,

            @JsonPropertyDescription("Operations waiting for a session.")
            Integer pending,

            @JsonPropertyDescription("The pool's current maxSize.")
            Integer maxSize,

            @JsonPropertyDescription("Failed connection attempts and broken sessions since the pool started.")
            Long errors,

            @JsonPropertyDescription("Times the breaker opened since the pool started.")
            Long circuitBreaks,

            @JsonPropertyDescription("Commands that had to wait for or were refused a rate-limit token.")
            Long rateLimitHits,

            @JsonPropertyDescription("Mean time to lease a session, e.g. 12ms.")
            String averageWait,

            @JsonPropertyDescription("All of the above on one line.")
            String summary) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServerStatus(
            @JsonPropertyDescription("RouterOS system identity.")
            String identity,

            @JsonPropertyDescription("RouterOS version.") String routerOsVersion,

            @JsonPropertyDescription("Space of the volume base path's file system.")
            Capacity capacity,

            @JsonPropertyDescription(
                    "SHA-256 fingerprint of the host key the RDS presented over SSH (also when host key"
                            + " verification is skipped): slot claims are keyed by it.")
            String hostKeyFingerprint) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Capacity(
            @JsonPropertyDescription("Size in bytes.") Long totalBytes,
            @JsonPropertyDescription("Free space in bytes.") Long freeBytes) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InventoryStatus(
            @JsonPropertyDescription("File disks the RDS lists, under any path.")
            Integer disks,

            @JsonPropertyDescription("Disks under the base path whose owner marker names this pool config and an"
                    + " RdsVolume that no longer exists.")
            Found orphans,

            @JsonPropertyDescription("Disks under the base path without an owner marker.")
            Found foreign,

            @JsonPropertyDescription("Image files under the base path that no disk uses.")
            Found detachedFiles) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Found(
            @JsonPropertyDescription("How many there are.") Integer count,

            @JsonPropertyDescription("The first 20 of them, sorted: disk slots or file paths.")
            List<String> items) {}
}
