package io.srvlab.rds.pool;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The Micrometer meters of one pool, all tagged {@code pool=<name>}. Dotted names render in Prometheus as
 * {@code rds_pool_connections_active}, {@code rds_pool_connections_created_total}, {@code rds_pool_acquire_seconds}
 * and so on. {@link #remove()} takes every one of them out of the registry again.
 */
final class PoolMeters {
    static final String POOL_TAG = "pool";
    static final String STATE_TAG = "state";

    private final MeterRegistry registry;
    private final String pool;
    private final Timer acquire;
    /** Command timers by "command outcome"; both come from fixed sets, so this stays small. */
    private final Map<String, Timer> commandTimers = new ConcurrentHashMap<>();

    /**
     * @param source read afresh for every gauge and counter; held weakly by the meters, as Micrometer does, so the
     *     pool owns it
     */
    PoolMeters(MeterRegistry registry, String pool, PoolReadings source) {
        this.registry = registry;
        this.pool = pool;
        // a pool of the same name that was never closed must not keep feeding (or shadowing) these meters
        removeAll(registry, pool);
        Tags tags = Tags.of(POOL_TAG, pool);
        gauge("rds.pool.connections.active", "Sessions leased or being opened", tags, source, PoolMetrics::active);
        gauge("rds.pool.connections.idle", "Idle sessions", tags, source, PoolMetrics::idle);
        gauge(
                "rds.pool.connections.pending",
                "Callers waiting for a token or a session",
                tags,
                source,
                PoolMetrics::pending);
        gauge("rds.pool.connections.max", "Maximum number of sessions", tags, source, PoolMetrics::maxSize);
        // One series per state, 1 for the current one (Resilience4j's convention): alerts and panels select a state
        // by label instead of decoding numbers.
        for (CircuitState state : CircuitState.values()) {
            gauge(
                    "rds.pool.circuit.state",
                    "1 for the breaker's current state, 0 for the others",
                    tags.and(STATE_TAG, state.label()),
                    source,
                    m -> m.circuitState() == state ? 1 : 0);
        }
        counter("rds.pool.connections.created", "Sessions opened", tags, source, PoolMetrics::connectionsCreated);
        counter(
                "rds.pool.connection.errors",
                "Failed connects, broken or failed sessions",
                tags,
                source,
                PoolMetrics::errors);
        counter(
                "rds.pool.rate.limited",
                "Commands that waited for or were refused a token",
                tags,
                source,
                PoolMetrics::rateLimitHits);
        counter(
                "rds.pool.circuit.breaks",
                "Transitions of the breaker to open",
                tags,
                source,
                PoolMetrics::circuitBreaks);
        this.acquire = Timer.builder("rds.pool.acquire")
                .description("Wait for a rate-limit token and a session")
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    void acquired(long waitNanos) {
        acquire.record(waitNanos, TimeUnit.NANOSECONDS);
    }

    void command(String command, String outcome, long nanos) {
        commandTimers
                .computeIfAbsent(command + ' ' + outcome, k -> Timer.builder("rds.command")
                        .description("RouterOS commands run through the pool")
                        .tags(POOL_TAG, pool, "command", command, "outcome", outcome)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(60))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void remove() {
        commandTimers.clear();
        removeAll(registry, pool);
    }

    private static void removeAll(MeterRegistry registry, String pool) {
        List<Meter> mine = registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("rds."))
                .filter(m -> pool.equals(m.getId().getTag(POOL_TAG)))
                .toList();
        mine.forEach(registry::remove);
    }

    private void gauge(String name, String help, Tags tags, PoolReadings source, ToDoubleFunction<PoolMetrics> f) {
        Gauge.builder(name, source, r -> f.applyAsDouble(r.read()))
                .description(help)
                .tags(tags)
                .register(registry);
    }

    private void counter(String name, String help, Tags tags, PoolReadings source, ToDoubleFunction<PoolMetrics> f) {
        FunctionCounter.builder(name, source, r -> f.applyAsDouble(r.read()))
                .description(help)
                .tags(tags)
                .register(registry);
    }
}
