package io.srvlab.rds.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.srvlab.rds.routeros.RouterOsCommands;
import io.srvlab.rds.routeros.SshTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every kind of reconfiguration while 16 callers keep the pool busy: no operation fails. */
class ReconfigureUnderLoadTest {

    @Test
    void noOperationFailsWhileSettingsChange() throws Exception {
        PoolSettings base =
                PoolFixture.builder().requestsPerSecond(10).burst(20).build();
        try (var f = new PoolFixture(base)) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                callers.add(Thread.ofVirtual().start(() -> {
                    while (running.get()) {
                        try {
                            f.pool.run(RouterOsCommands.identity(), f.in(Duration.ofSeconds(30)));
                            ok.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            SshTarget other = PoolFixture.endpoint("127.0.0.2");
            List<PoolSettings> steps = List.of(
                    base.toBuilder().requestsPerSecond(50).burst(20).build(),
                    base.toBuilder()
                            .requestsPerSecond(50)
                            .burst(20)
                            .maxSize(2)
                            .maxIdle(2)
                            .build(),
                    base.toBuilder()
                            .requestsPerSecond(50)
                            .burst(20)
                            .maxSize(20)
                            .maxIdle(5)
                            .build(),
                    base.toBuilder()
                            .requestsPerSecond(50)
                            .burst(20)
                            .maxSize(20)
                            .maxIdle(5)
                            .failureThreshold(2)
                            .openDuration(Duration.ofSeconds(10))
                            .halfOpenProbes(2)
                            .build(),
                    base.toBuilder()
                            .requestsPerSecond(50)
                            .burst(20)
                            .maxSize(20)
                            .maxIdle(5)
                            .failureThreshold(2)
                            .openDuration(Duration.ofSeconds(10))
                            .halfOpenProbes(2)
                            .endpoint(other)
                            .build(),
                    base.toBuilder()
                            .requestsPerSecond(5)
                            .burst(5)
                            .maxSize(3)
                            .maxIdle(1)
                            .endpoint(other)
                            .build());
            for (PoolSettings step : steps) {
                int before = ok.get();
                f.pool.reconfigure(step);
                await().atMost(Duration.ofSeconds(20)).until(() -> ok.get() >= before + 5);
                assertThat(f.pool.metrics().active()).isLessThanOrEqualTo(Math.max(step.maxSize(), 20));
            }
            running.set(false);
            for (Thread c : callers) {
                assertThat(c.join(Duration.ofSeconds(30))).isTrue();
            }
            assertThat(failures).isEmpty();
            assertThat(f.server("127.0.0.1").open).hasValue(0);
            assertThat(f.server("127.0.0.1").connectorClosed).isTrue();
            assertThat(f.server("127.0.0.2").open).hasValue(1);
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.CLOSED);
            assertThat(f.server("127.0.0.1").misuse).isFalse();
            assertThat(f.server("127.0.0.2").misuse).isFalse();
        }
    }
}
