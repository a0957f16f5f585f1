package io.srvlab.rds.pool;

import io.srvlab.rds.routeros.SshTarget;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything an {@link RdsPool} can be told; immutable, validated here, replaced as a whole by
 * {@link RdsPool#reconfigure(PoolSettings)}. Built with {@link #builder(SshTarget)}, whose defaults are those of the
 * {@code RdsPoolConfig} CRD.
 *
 * @param endpoint where and as whom the pool connects; any change means a new connector whose sessions replace the
 *     old ones
 * @param validationWindow a session idle longer than this is checked with a cheap command before it is leased
 * @param commandTimeout upper bound of every command run through the pool
 */
public record PoolSettings(
        SshTarget endpoint,
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

    /** The CRD defaults for {@code endpoint}, to be overridden field by field. */
    public static Builder builder(SshTarget endpoint) {
        return new Builder(endpoint);
    }

    /** These settings, to be changed field by field. */
    public Builder toBuilder() {
        return new Builder(endpoint)
                .maxSize(maxSize)
                .maxIdle(maxIdle)
                .idleTimeout(idleTimeout)
                .acquireTimeout(acquireTimeout)
                .validationWindow(validationWindow)
                .commandTimeout(commandTimeout)
                .requestsPerSecond(requestsPerSecond)
                .burst(burst)
                .failureThreshold(failureThreshold)
                .openDuration(openDuration)
                .halfOpenProbes(halfOpenProbes);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(name + " must be positive: " + d);
    }

    /** Validates nothing until {@link #build()}, so bounds can be changed in any order. */
    public static final class Builder {
        private SshTarget endpoint;
        private int maxSize = 10;
        private int maxIdle = 5;
        private Duration idleTimeout = Duration.ofMinutes(5);
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private Duration validationWindow = Duration.ofSeconds(2);
        private Duration commandTimeout = Duration.ofSeconds(30);
        private int requestsPerSecond = 10;
        private int burst = 20;
        private int failureThreshold = 5;
        private Duration openDuration = Duration.ofSeconds(30);
        private int halfOpenProbes = 1;

        private Builder(SshTarget endpoint) {
            this.endpoint = endpoint;
        }

        public Builder endpoint(SshTarget v) {
            endpoint = v;
            return this;
        }

        public Builder maxSize(int v) {
            maxSize = v;
            return this;
        }

        public Builder maxIdle(int v) {
            maxIdle = v;
            return this;
        }

        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        public Builder acquireTimeout(Duration v) {
            acquireTimeout = v;
            return this;
        }

        public Builder validationWindow(Duration v) {
            validationWindow = v;
            return this;
        }

        public Builder commandTimeout(Duration v) {
            commandTimeout = v;
            return this;
        }

        public Builder requestsPerSecond(int v) {
            requestsPerSecond = v;
            return this;
        }

        public Builder burst(int v) {
            burst = v;
            return this;
        }

        public Builder failureThreshold(int v) {
            failureThreshold = v;
            return this;
        }

        public Builder openDuration(Duration v) {
            openDuration = v;
            return this;
        }

        public Builder halfOpenProbes(int v) {
            halfOpenProbes = v;
            return this;
        }

        public PoolSettings build() {
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
                    failureThreshold,
                    openDuration,
                    halfOpenProbes);
        }
    }
}
