package io.srvlab.rds.pool;

import java.time.Duration;

/**
 * The breaker is open (or half-open with every probe taken): retry after {@link #remainingOpenTime()}. The cause, when
 * known, is the last failure that counted against the breaker, so callers can tell an outage from a refused login.
 */
public final class CircuitOpenException extends PoolException {
    private final Duration remainingOpenTime;

    public CircuitOpenException(String pool, Duration remainingOpenTime, Throwable lastFailure) {
        super(
                pool,
                "circuit open, retry in " + remainingOpenTime.toMillis() + "ms"
                        + (lastFailure == null ? "" : "; last failure: " + lastFailure.getMessage()),
                lastFailure);
        this.remainingOpenTime = remainingOpenTime;
    }

    public Duration remainingOpenTime() {
        return remainingOpenTime;
    }
}
