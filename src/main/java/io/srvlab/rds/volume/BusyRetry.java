package io.srvlab.rds.volume;

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
 * Tries a command the RDS answered with "busy" again a few times, a few hundred milliseconds apart, before the
 * reconcile gives up and requeues with its (longer, growing) backoff. Busy means the RDS answered and did nothing, so
 * repeating is safe; each attempt goes through the pool again (breaker, rate limit), and none starts after a wait that
 * would cross the caller's deadline.
 */
final class BusyRetry {
    static final int MAX_ATTEMPTS = 4;
    static final Duration FIRST_WAIT = Duration.ofMillis(100);
    private static final double MULTIPLIER = 2.0;
    private static final double JITTER = 0.5;
    /** The longest single wait the interval function can draw (the last one, jitter included). */
    private static final Duration LONGEST_WAIT =
            Duration.ofMillis((long) (FIRST_WAIT.toMillis() * Math.pow(MULTIPLIER, MAX_ATTEMPTS - 2) * (1 + JITTER)));

    private static final RetryConfig BASE = RetryConfig.custom()
            .maxAttempts(MAX_ATTEMPTS)
            .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(FIRST_WAIT, MULTIPLIER, JITTER))
            .build();

    <T> T execute(RdsPool pool, SessionOperation<T> operation, Instant deadline)
            throws PoolException, RouterOsException {
        Retry retry = Retry.of(
                "rds-busy",
                RetryConfig.from(BASE)
                        .retryOnException(failure -> isBusy(failure)
                                && Instant.now().plus(LONGEST_WAIT).isBefore(deadline))
                        .build());
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
