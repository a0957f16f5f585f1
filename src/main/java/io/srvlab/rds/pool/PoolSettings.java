package io.srvlab.rds.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything an {@link RdsPool} can be told; immutable, validated here, replaced as a whole by
 * {@link RdsPool#reconfigure(PoolSettings)}. Defaults are those of the {@code RdsPoolConfig} CRD.
 *
 * @param validationWindow a session idle longer than this is checked with a cheap command before it is leased
 * @param commandTimeout upper bound of every command run through the pool
 */
public record PoolSettings(
        ServerEndpoint endpoint,
        int maxSize,
        int maxIdle,
        Duration idleTimeout,
        Duration acquireTimeout,
        Duration validationWindow,
        Duration commandTimeout,
        int requestsPerSecond,
        int burst,
        int failureThreshold,
        Duration openDuration,
        int halfOpenProbes) {

    public static final int DEFAULT_MAX_SIZE = 10;
    public static final int DEFAULT_MAX_IDLE = 5;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_VALIDATION_WINDOW = Duration.ofSeconds(2);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_REQUESTS_PER_SECOND = 10;
    public static final int DEFAULT_BURST = 20;
    public static final int DEFAULT_FAILURE_THRESHOLD = 5;
    public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(30);
    public static final int DEFAULT_HALF_OPEN_PROBES = 1;

    public PoolSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        if (maxSize < 1) throw new IllegalArgumentException("maxSize must be >= 1: " + maxSize);
        if (maxIdle < 0 || maxIdle > maxSize) {
            throw new IllegalArgumentException("maxIdle must be within 0..maxSize: " + maxIdle);
        }
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(acquireTimeout, "acquireTimeout");
        Objects.requireNonNull(validationWindow, "validationWindow");
        if (validationWindow.isNegative()) throw new IllegalArgumentException("validationWindow must be >= 0");
        requirePositive(commandTimeout, "commandTimeout");
        if (requestsPerSecond < 1) throw new IllegalArgumentException("requestsPerSecond must be >= 1");
        if (burst < 1) throw new IllegalArgumentException("burst must be >= 1");
        if (failureThreshold < 1) throw new IllegalArgumentException("failureThreshold must be >= 1");
        requirePositive(openDuration, "openDuration");
        if (halfOpenProbes < 1) throw new IllegalArgumentException("halfOpenProbes must be >= 1");
    }

    /** The CRD defaults for the given server. */
    public static PoolSettings defaults(ServerEndpoint endpoint) {
        return new PoolSettings(
                endpoint,
                DEFAULT_MAX_SIZE,
                DEFAULT_MAX_IDLE,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_ACQUIRE_TIMEOUT,
                DEFAULT_VALIDATION_WINDOW,
                DEFAULT_COMMAND_TIMEOUT,
                DEFAULT_REQUESTS_PER_SECOND,
                DEFAULT_BURST,
                DEFAULT_FAILURE_THRESHOLD,
                DEFAULT_OPEN_DURATION,
                DEFAULT_HALF_OPEN_PROBES);
    }

    public PoolSettings withEndpoint(ServerEndpoint v) {
        return new PoolSettings(
                v,
                maxSize,
                maxIdle,
                idleTimeout,
                acquireTimeout,
                validationWindow,
                commandTimeout,
                requestsPerSecond,
                burst,
                failureThreshold,
                openDuration,
                halfOpenProbes);
    }

    /** Sets both bounds at once, so a shrink below the current maxIdle stays valid. */
    public PoolSettings withSize(int newMaxSize, int newMaxIdle) {
        return new PoolSettings(
                endpoint,
                newMaxSize,
                newMaxIdle,
                idleTimeout,
                acquireTimeout,
                validationWindow,
                commandTimeout,
                requestsPerSecond,
                burst,
                failureThreshold,
                openDuration,
                halfOpenProbes);
    }

    public PoolSettings withIdleTimeout(Duration v) {
        return new PoolSettings(
                endpoint,
                maxSize,
                maxIdle,
                v,
                acquireTimeout,
                validationWindow,
                commandTimeout,
                requestsPerSecond,
                burst,
                failureThreshold,
                openDuration,
                halfOpenProbes);
    }

    public PoolSettings withAcquireTimeout(Duration v) {
        return new PoolSettings(
                endpoint,
                maxSize,
                maxIdle,
                idleTimeout,
                v,
                validationWindow,
                commandTimeout,
                requestsPerSecond,
                burst,
                failureThreshold,
                openDuration,
                halfOpenProbes);
    }

    public PoolSettings withValidationWindow(Duration v) {
        return new PoolSettings(
                endpoint,
                maxSize,
                maxIdle,
                idleTimeout,
                acquireTimeout,
                v,
                commandTimeout,
                requestsPerSecond,
                burst,
                failureThreshold,
                openDuration,
                halfOpenProbes);
    }

    public PoolSettings withCommandTimeout(Duration v) {
        return new PoolSettings(
                endpoint,
                maxSize,
                maxIdle,
                idleTimeout,
                acquireTimeout,
                validationWindow,
                v,
                requestsPerSecond,
                burst,
                failureThreshold,
                openDuration,
                halfOpenProbes);
    }

    public PoolSettings withRate(int newRequestsPerSecond, int newBurst) {
        return new PoolSettings(
                endpoint,
                maxSize,
                maxIdle,
                idleTimeout,
                acquireTimeout,
                validationWindow,
                commandTimeout,
                newRequestsPerSecond,
                newBurst,
                failureThreshold,
                openDuration,
                halfOpenProbes);
    }

    public PoolSettings withBreaker(int newFailureThreshold, Duration newOpenDuration, int newHalfOpenProbes) {
        return new PoolSettings(
                endpoint,
                maxSize,
                maxIdle,
                idleTimeout,
                acquireTimeout,
                validationWindow,
                commandTimeout,
                requestsPerSecond,
                burst,
                newFailureThreshold,
                newOpenDuration,
                newHalfOpenProbes);
    }

    static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(name + " must be positive: " + d);
    }
}
