package io.srvlab.rds.pool;

import java.time.Duration;

/** The breaker is open (or half-open with every probe taken): retry after {@link #remainingOpenTime()}. */
public final class CircuitOpenException extends PoolException {
    private final Duration remainingOpenTime;

    CircuitOpenException(String pool, Duration remainingOpenTime) {
        super(pool, "circuit open, retry in " + remainingOpenTime.toMillis() + "ms");
        this.remainingOpenTime = remainingOpenTime;
    }

    public Duration remainingOpenTime() {
        return remainingOpenTime;
    }
}
