package io.srvlab.rds.operator.rdspoolconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.pool.PoolSettings;
import io.srvlab.rds.routeros.SshTarget;
import io.srvlab.rds.simulator.SimulatorKeys;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

/** The two paths that apply edits (reload lane, reconcile) never make a pool step back to an older generation. */
class PoolServiceTest {
    private static final KeyPair KEY = SimulatorKeys.ed25519();
    private static final SshTarget ENDPOINT = SshTarget.of(
            "127.0.0.1", 22, "admin", SimulatorKeys.privateKeyText(KEY), SimulatorKeys.publicKeyLine(KEY.getPublic()));

    private static PoolSettings rate(int perSecond) {
        return PoolSettings.builder(ENDPOINT)
                .requestsPerSecond(perSecond)
                .burst(perSecond)
                .build();
    }

    @Test
    void anOlderGenerationSeenLateIsNotApplied() {
        var pools = new PoolService(new SimpleMeterRegistry(), java.time.Clock.systemUTC());
        try {
            pools.apply("p", rate(10), 1);
            PoolService.Applied newer = pools.apply("p", rate(40), 3);
            PoolService.Applied late = pools.apply("p", rate(10), 2);

            assertThat(late).isEqualTo(newer);
            assertThat(pools.applied("p").orElseThrow().generation()).isEqualTo(3);
            assertThat(newer.pool().settings().requestsPerSecond()).isEqualTo(40);

            PoolService.Applied rotated = pools.apply("p", rate(20), 3);
            assertThat(rotated.pool().settings().requestsPerSecond())
                    .as("the same generation again (a rotated key) is applied")
                    .isEqualTo(20);
        } finally {
            pools.close("p");
        }
    }
}
