package io.srvlab.rds.operator.rdspoolconfig;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedSession;
import java.time.Clock;

/** A {@link PoolService} whose pools talk to a simulator's in-memory sessions (no SSH), for flow tests. */
public final class InMemoryPools {
    private InMemoryPools() {}

    /** The service, with the config's settings applied as its reconcile would (its pool then serves the config). */
    public static PoolService serving(
            RdsPoolConfig config, String privateKey, RouterOsSimulator simulator, Clock clock) {
        var pools = new PoolService(
                new SimpleMeterRegistry(),
                clock,
                target -> SimulatedSession.connector(simulator, SimulatedSession.WIDE_CONSOLE_LOGIN));
        pools.apply(
                config.getMetadata().getName(),
                PoolSettingsMapping.from(config.getSpec(), privateKey),
                PoolConfigFacts.generation(config));
        return pools;
    }

    /** A pool config with every setting a pool needs, for the server with this host key (the simulator ignores it). */
    public static RdsPoolConfig poolConfig(String name, String hostKey) {
        var config = new RdsPoolConfig();
        config.getMetadata().setName(name);
        config.getMetadata().setGeneration(1L);
        config.setSpec(new RdsPoolConfigSpec(
                new RdsPoolConfigSpec.Server(
                        "10.42.68.1",
                        22,
                        "admin",
                        new RdsPoolConfigSpec.SecretKeyRef("rds-system", "rds-ssh", "id_ed25519"),
                        hostKey,
                        false,
                        "5s",
                        "5s"),
                new RdsPoolConfigSpec.Pool(2, 2, "5m", "5s"),
                new RdsPoolConfigSpec.RateLimit(1000, 1000),
                new RdsPoolConfigSpec.CircuitBreaker(5, "30s", 1),
                new RdsPoolConfigSpec.VolumeDefaults(
                        "/storage-pool/kubernetes-volumes", 4420, "nqn.2000-02.com.mikrotik", null),
                "30s",
                null));
        return config;
    }
}
