package io.srvlab.rds.pool;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.routeros.CommandOutput;
import io.srvlab.rds.routeros.RouterOsCommands;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.SshTarget;
import java.time.Duration;
import java.time.Instant;
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
