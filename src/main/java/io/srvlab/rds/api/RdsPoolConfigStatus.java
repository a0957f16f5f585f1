package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** What the operator observed of one RDS server and its pool. Written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RdsPoolConfigStatus(
        Long observedGeneration,
        List<Condition> conditions,
        CircuitState circuitState,
        PoolStatus pool,
        Long appliedGeneration,
        String lastReloadTime,
        ServerStatus server,
        InventoryStatus inventory) {

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

    public RdsPoolConfigStatus withInventory(InventoryStatus inventory) {
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

    public RdsPoolConfigStatus withReload(Long appliedGeneration, String lastReloadTime) {
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
            ServerStatus server) {
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
            Long connectionsCreated,
            Integer active,
            Integer idle,
            Integer pending,
            Integer maxSize,
            Long errors,
            Long circuitBreaks,
            Long rateLimitHits,
            String averageWait,
            String summary) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServerStatus(String identity, String routerOsVersion, Capacity capacity) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Capacity(Long totalBytes, Long freeBytes) {}

    /**
     * What the last inventory of the server found under the base path that no RdsVolume of this config accounts for.
     * Reported only: the operator never removes any of it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InventoryStatus(Integer disks, Found orphans, Found foreign, Found detachedFiles) {}

    /**
     * @param count how many there are
     * @param items the first few of them, sorted (slots of disks, or file paths)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Found(Integer count, List<String> items) {}
}
