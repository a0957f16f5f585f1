package io.srvlab.rds.pool;

import io.micrometer.core.instrument.MeterRegistry;
import io.srvlab.rds.routeros.ConnectorFactory;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/** One {@link RdsPool} per name (per RdsPoolConfig), sharing one housekeeping thread. */
public final class PoolRegistry implements AutoCloseable {
    private final ConnectorFactory connectors;
    private final MeterRegistry meters;
    private final ScheduledExecutorService housekeeper;
    private final ConcurrentMap<String, RdsPool> pools = new ConcurrentHashMap<>();

    public PoolRegistry(ConnectorFactory connectors, MeterRegistry meters) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.housekeeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rds-pool-housekeeper");
            t.setDaemon(true);
            return t;
        });
    }

    /** The pool {@link #load} handed out, and whether it was created or reconfigured for the call. */
    public record Loaded(RdsPool pool, boolean changed) {}

    /**
     * The pool of {@code name}, created with {@code settings} if absent, otherwise reconfigured to them when they
     * differ (hot reload).
     */
    public Loaded load(String name, PoolSettings settings) {
        Objects.requireNonNull(settings, "settings");
        AtomicBoolean created = new AtomicBoolean();
        RdsPool pool = pools.computeIfAbsent(name, n -> {
            created.set(true);
            return new RdsPool(n, settings, connectors, meters, housekeeper, PoolClock.SYSTEM);
        });
        return new Loaded(pool, created.get() || pool.reconfigure(settings));
    }

    public Optional<RdsPool> find(String name) {
        return Optional.ofNullable(pools.get(name));
    }

    /** Closes and forgets the pool of {@code name} (its RdsPoolConfig was deleted); no-op when absent. */
    public void remove(String name) {
        RdsPool pool = pools.remove(name);
        if (pool != null) {
            pool.close();
        }
    }

    public List<String> names() {
        return List.copyOf(pools.keySet());
    }

    @Override
    public void close() {
        for (String name : names()) {
            remove(name);
        }
        housekeeper.shutdownNow();
    }
}
