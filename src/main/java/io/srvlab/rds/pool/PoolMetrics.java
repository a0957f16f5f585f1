package io.srvlab.rds.pool;

import java.time.Duration;

/**
 * A point-in-time view of one pool, for {@code RdsPoolConfig.status.pool}. {@link #toString()} is the status
 * summary line.
 *
 * @param connectionsCreated sessions opened since the pool started (the "total" of the summary)
 * @param averageWait mean time callers waited for a token and a session
 */
public record PoolMetrics(
        long connectionsCreated,
        int active,
        int idle,
        int pending,
        int maxSize,
        long errors,
        long circuitBreaks,
        long rateLimitHits,
        Duration averageWait,
        CircuitState circuitState) {

    /** The wait as status shows it, e.g. {@code 12ms}. */
    public String averageWaitText() {
        return averageWait.toMillis() + "ms";
    }

    @Override
    public String toString() {
        return "Connections(total=" + connectionsCreated + ", active=" + active + ", idle=" + idle + ") Errors="
                + errors + " CircuitBreaks=" + circuitBreaks + " RateLimitHits=" + rateLimitHits + " AvgWait="
                + averageWaitText();
    }
}
