package io.srvlab.rds.pool;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.routeros.CommandOutput;
import io.srvlab.rds.routeros.RouterOsCommands;
import io.srvlab.rds.routeros.RouterOsException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A pool over {@link FakeRouterOs} servers (one per endpoint address) with a hand-driven idle clock. */
final class PoolFixture implements AutoCloseable {
    static final ServerEndpoint ENDPOINT = ServerEndpoint.insecure("127.0.0.1", 22, "admin");

    final Map<String, FakeRouterOs> servers = new ConcurrentHashMap<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AtomicLong ticker = new AtomicLong(1_000_000_000L);
    final RdsPool pool;

    PoolFixture(PoolSettings settings) {
        this("test", settings);
    }

    PoolFixture(String name, PoolSettings settings) {
        pool = new RdsPool(name, settings, e -> server(e.address()), registry, null, ticker::get);
    }

    static PoolSettings settings() {
        return PoolSettings.defaults(ENDPOINT).withRate(100_000, 100_000);
    }

    FakeRouterOs server() {
        return server(pool.settings().endpoint().address());
    }

    FakeRouterOs server(String address) {
        return servers.computeIfAbsent(address, FakeRouterOs::new);
    }

    void advanceIdleClock(Duration d) {
        ticker.addAndGet(d.toNanos());
    }

    CommandOutput identity() throws PoolException, RouterOsException {
        return pool.run(RouterOsCommands.identity(), in(Duration.ofSeconds(10)));
    }

    static Instant in(Duration d) {
        return Instant.now().plus(d);
    }

    @Override
    public void close() {
        pool.close();
    }
}
