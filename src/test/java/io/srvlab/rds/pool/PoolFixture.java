package io.srvlab.rds.pool;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.routeros.CommandOutput;
import io.srvlab.rds.routeros.RouterOsCommands;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.SshTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A pool over {@link FakeRouterOs} servers (one per endpoint host) on a {@link TestClock}. */
final class PoolFixture implements AutoCloseable {
    static final SshTarget ENDPOINT = endpoint("127.0.0.1");

    final Map<String, FakeRouterOs> servers = new ConcurrentHashMap<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TestClock clock = new TestClock();
    final RdsPool pool;

    PoolFixture(PoolSettings settings) {
        this("test", settings);
    }

    PoolFixture(String name, PoolSettings settings) {
        pool = new RdsPool(name, settings, t -> server(t.host()), registry, null, clock);
    }

    /** A target the fakes answer for; no key material, any host key. */
    static SshTarget endpoint(String host) {
        return new SshTarget(host, 22, "admin", "", null, true, Duration.ofSeconds(10), Duration.ofSeconds(10), true);
    }

    /**
     * Five hot reloads in a row, each on top of the last: faster rate, smaller pool, larger pool, new breaker, then
     * another server ({@code other}).
     */
    static List<PoolSettings> reloadSteps(PoolSettings base, SshTarget other) {
        PoolSettings faster = base.toBuilder().requestsPerSecond(50).burst(20).build();
        PoolSettings larger = faster.toBuilder().maxSize(20).maxIdle(5).build();
        PoolSettings breaker = larger.toBuilder()
                .failureThreshold(2)
                .openDuration(Duration.ofSeconds(10))
                .halfOpenProbes(2)
                .build();
        return List.of(
                faster,
                faster.toBuilder().maxSize(2).maxIdle(2).build(),
                larger,
                breaker,
                breaker.toBuilder().endpoint(other).build());
    }

    static PoolSettings.Builder builder() {
        return PoolSettings.builder(ENDPOINT).requestsPerSecond(100_000).burst(100_000);
    }

    static PoolSettings settings() {
        return builder().build();
    }

    FakeRouterOs server() {
        return server(pool.settings().endpoint().host());
    }

    FakeRouterOs server(String host) {
        return servers.computeIfAbsent(host, FakeRouterOs::new);
    }

    /** Moves the pool's clock: idle ages, validation windows and the breaker's open time. */
    void advance(Duration d) {
        clock.advance(d);
    }

    CommandOutput identity() throws PoolException, RouterOsException {
        return pool.run(RouterOsCommands.identity(), in(Duration.ofSeconds(10)));
    }

    /** A deadline {@code d} from now on the pool's clock. */
    Instant in(Duration d) {
        return clock.instant().plus(d);
    }

    @Override
    public void close() {
        pool.close();
    }
}
