package io.srvlab.rds.operator.rdspoolconfig;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.pool.PoolRegistry;
import io.srvlab.rds.pool.PoolSettings;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.ConnectorFactory;
import io.srvlab.rds.routeros.SshConnectorFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The operator's one {@link PoolRegistry}: SSH pools per RdsPoolConfig, with their Micrometer meters. */
@ApplicationScoped
public class PoolService {
    private final PoolRegistry registry;

    private final MeterRegistry meters;
    private final Clock clock;
    /** 1 while a pool config accepts any host key; one gauge per config. */
    private final Map<String, AtomicInteger> hostKeySkipped = new ConcurrentHashMap<>();

    @Inject
    public PoolService(MeterRegistry meters, Clock clock) {
        this(meters, clock, new SshConnectorFactory());
    }

    /** Pools whose sessions come from {@code connectors}: SSH in the operator, in-memory sessions in tests. */
    public PoolService(MeterRegistry meters, Clock clock, ConnectorFactory connectors) {
        this.meters = meters;
        this.clock = clock;
        this.registry = new PoolRegistry(connectors, meters);
    }

    /** Exports whether the named config verifies the RDS host key ({@code rds_pool_host_key_verification_skipped}). */
    void hostKeyVerification(String name, boolean skipped) {
        hostKeySkipped
                .computeIfAbsent(
                        name,
                        n -> meters.gauge(
                                "rds.pool.host.key.verification.skipped", Tags.of("pool", n), new AtomicInteger()))
                .set(skipped ? 1 : 0);
    }

    /** The live pool of a config, and which generation was last loaded into it, when. */
    public record Applied(RdsPool pool, long generation, Instant loadedAt) {}

    /**
     * Kept here rather than read back from status: a reconcile working from a cached, older status must not undo
     * what a newer one recorded.
     */
    private final Map<String, Applied> applied = new ConcurrentHashMap<>();

    /**
     * Loads the settings of {@code generation} into the config's pool. Two paths apply edits (the reload lane and the
     * reconcile, each from its own cache): an older generation than the one loaded is ignored, so the pool never
     * steps back.
     */
    public Applied apply(String name, PoolSettings settings, long generation) {
        return applied.compute(name, (n, previous) -> {
            if (previous != null
                    && generation < previous.generation()
                    && registry.find(n).isPresent()) {
                return previous;
            }
            PoolRegistry.Loaded loaded = registry.load(n, settings);
            return loaded.changed() || previous == null || previous.pool() != loaded.pool()
                    ? new Applied(loaded.pool(), generation, clock.instant().truncatedTo(ChronoUnit.MILLIS))
                    : previous;
        });
    }

    /** What was last loaded into the config's pool, if it has one. */
    public Optional<Applied> applied(String name) {
        return Optional.ofNullable(applied.get(name));
    }

    /**
     * The config's pool once it talks to the server the config names now; empty while an edit of the server is not
     * applied yet (work for a volume checked against the new server must not run on the old one).
     */
    public Optional<RdsPool> serving(RdsPoolConfig config) {
        return registry.find(config.getMetadata().getName())
                .filter(pool -> PoolSettingsMapping.sameServer(
                        pool.settings().endpoint(), config.getSpec().server()));
    }

    public void close(String name) {
        applied.remove(name);
        AtomicInteger skipped = hostKeySkipped.remove(name);
        if (skipped != null) {
            meters.find("rds.pool.host.key.verification.skipped")
                    .tag("pool", name)
                    .meters()
                    .forEach(meters::remove);
        }
        registry.remove(name);
    }

    void onStop(@Observes ShutdownEvent event) {
        registry.close();
    }
}
