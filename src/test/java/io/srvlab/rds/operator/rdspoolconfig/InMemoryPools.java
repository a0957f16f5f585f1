package io.srvlab.rds.operator.rdspoolconfig;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.api.RdsPoolConfig;
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
}
