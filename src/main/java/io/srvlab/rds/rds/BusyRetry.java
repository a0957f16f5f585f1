package io.srvlab.rds.rds;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.pool.SessionOperation;
import io.srvlab.rds.routeros.RouterOsException;
import java.time.Duration;
import java.time.Instant;

/**
 * Repeats a command the RDS answered with "busy" a few times, a few hundred milliseconds apart, before the reconcile
 * gives up and requeues with its (longer, growing) backoff. Busy means the RDS answered and did nothing, so repeating
 * is safe; each attempt goes through the pool again (breaker, rate limit, deadline).
 */
final class BusyRetry {
    static final int MAX_ATTEMPTS = 4;
    static final Duration FIRST_WAIT = Duration.ofMillis(100);

    private final Retry retry = Retry.of(
            "rds-busy",
            RetryConfig.custom()
                    .maxAttempts(MAX_ATTEMPTS)
                    .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(FIRST_WAIT, 2.0, 0.5))
                    .retryOnException(BusyRetry::isBusy)
                    .build());

    <T> T execute(RdsPool pool, SessionOperation<T> operation, Instant deadline)
            throws PoolException, RouterOsException {
        try {
            return Retry.decorateCheckedSupplier(retry, () -> pool.execute(operation, deadline))
                    .get();
        } catch (PoolException | RouterOsException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable other) {
            throw new IllegalStateException(other);
        }
    }

    private static boolean isBusy(Throwable failure) {
        return failure instanceof RouterOsException e && e.kind() == RouterOsException.Kind.BUSY;
    }
}
