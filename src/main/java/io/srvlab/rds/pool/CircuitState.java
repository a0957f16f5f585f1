package io.srvlab.rds.pool;

/** Breaker state as reported in status and in the {@code rds_pool_circuit_state} gauge. */
public enum CircuitState {
    CLOSED(0),
    OPEN(1),
    HALF_OPEN(2);

    private final int gaugeValue;

    CircuitState(int gaugeValue) {
        this.gaugeValue = gaugeValue;
    }

    public int gaugeValue() {
        return gaugeValue;
    }
}
