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
        ServerStatus server) {

    public static RdsPoolConfigStatus empty() {
        return new RdsPoolConfigStatus(null, List.of(), null, null, null, null, null);
    }

    public RdsPoolConfigStatus withConditions(long observedGeneration, List<Condition> conditions) {
        return new RdsPoolConfigStatus(
                observedGeneration, conditions, circuitState, pool, appliedGeneration, lastReloadTime, server);
    }

    /** What the pool and the server showed at one look; conditions are set separately. */
    public RdsPoolConfigStatus withObservation(
            CircuitState circuitState,
            PoolStatus pool,
            Long appliedGeneration,
            String lastReloadTime,
            ServerStatus server) {
        return new RdsPoolConfigStatus(
                observedGeneration, conditions, circuitState, pool, appliedGeneration, lastReloadTime, server);
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
}
