package io.srvlab.rds.pool;

import java.util.Locale;

/**
 * Breaker state as reported in status and in the {@code rds_pool_circuit_state{state}} gauges (one series per state,
 * as Resilience4j exports its breakers).
 */
public enum CircuitState {
    CLOSED,
    OPEN,
    HALF_OPEN;

    /** The {@code state} label: closed, open, half_open. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
