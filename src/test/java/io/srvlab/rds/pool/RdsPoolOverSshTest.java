package io.srvlab.rds.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.routeros.RouterOsCommands;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.SshConnectorFactory;
import io.srvlab.rds.routeros.SshTarget;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatorKeys;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool over real SSH against the RouterOS simulator on 127.0.0.1. */
class RdsPoolOverSshTest {
    private final KeyPair clientKey = SimulatorKeys.ed25519();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private RouterOsSimulator simulator(KeyPair hostKey, int port) throws IOException {
        RouterOsSimulator sim =
                new RouterOsSimulator("127.0.0.1", port, hostKey, List.of(clientKey.getPublic()), "admin").start();
        toClose.add(sim);
        return sim;
    }

    private SshTarget endpoint(RouterOsSimulator sim, KeyPair hostKey) {
        return new SshTarget(
                "127.0.0.1",
                sim.port(),
                "admin",
                SimulatorKeys.privateKeyText(clientKey),
                SimulatorKeys.publicKeyLine(hostKey.getPublic()),
                false,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                true);
    }

    private RdsPool pool(PoolSettings settings) {
        RdsPool pool = new RdsPool("ssh", settings, new SshConnectorFactory(), new SimpleMeterRegistry());
        toClose.add(pool);
        return pool;
    }

    /** Real MINA SSHD connectors; the operator builds the same in PoolService. */
    private static String identity(RdsPool pool) throws PoolException, RouterOsException {
        return pool.run(RouterOsCommands.identity(), Instant.now().plusSeconds(30))
                .stdout();
    }

    @Test
    void thousandCommandsThroughTenSessionsNeedAtMostTenHandshakes() throws Exception {
        KeyPair hostKey = SimulatorKeys.ed25519();
        RouterOsSimulator sim = simulator(hostKey, 0);
        RdsPool pool = pool(PoolSettings.builder(endpoint(sim, hostKey))
                .requestsPerSecond(100_000)
                .burst(100_000)
                .build());
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
            callers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 50; i++) {
                    try {
                        assertThat(identity(pool)).contains("name:");
                        ok.incrementAndGet();
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread c : callers) {
            assertThat(c.join(Duration.ofSeconds(120))).isTrue();
        }
        assertThat(failures).isEmpty();
        assertThat(ok).hasValue(1000);
        assertThat(sim.handshakes()).isLessThanOrEqualTo(10);
        assertThat(sim.peakSessions()).isLessThanOrEqualTo(10);
        assertThat(pool.metrics().connectionsCreated()).isLessThanOrEqualTo(10);
    }

    @Test
    void breakerOpensWhenTheServerDiesAndRecoversWhenItIsBack() throws Exception {
        KeyPair hostKey = SimulatorKeys.ed25519();
        RouterOsSimulator sim = simulator(hostKey, 0);
        int port = sim.port();
        RdsPool pool = pool(PoolSettings.builder(endpoint(sim, hostKey))
                .requestsPerSecond(100_000)
                .burst(100_000)
                .failureThreshold(3)
                .openDuration(Duration.ofMillis(500))
                .halfOpenProbes(1)
                .build());
        assertThat(identity(pool)).contains("name:");

        sim.close();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> identity(pool))
                    .isInstanceOf(RouterOsException.class)
                    .matches(e -> ((RouterOsException) e).isTransportFailure());
        }
        assertThat(pool.circuitState()).isEqualTo(CircuitState.OPEN);
        assertThatThrownBy(() -> identity(pool)).isInstanceOf(CircuitOpenException.class);

        RouterOsSimulator back = simulator(hostKey, port);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    try {
                        return identity(pool).contains("name:");
                    } catch (CircuitOpenException e) {
                        return false;
                    }
                });
        assertThat(pool.circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(back.handshakes()).isPositive();
        assertThat(pool.metrics().circuitBreaks()).isEqualTo(1);
    }

    @Test
    void reconfigurationUnderLoadFailsNoOperation() throws Exception {
        KeyPair hostKey = SimulatorKeys.ed25519();
        KeyPair otherHostKey = SimulatorKeys.ed25519();
        RouterOsSimulator first = simulator(hostKey, 0);
        RouterOsSimulator second = simulator(otherHostKey, 0);
        PoolSettings base = PoolSettings.builder(endpoint(first, hostKey))
                .requestsPerSecond(10)
                .burst(20)
                .build();
        RdsPool pool = pool(base);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            callers.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    try {
                        identity(pool);
                        ok.incrementAndGet();
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }
            }));
        }
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
                        .endpoint(endpoint(second, otherHostKey))
                        .build(),
                base.toBuilder()
                        .requestsPerSecond(5)
                        .burst(5)
                        .maxSize(20)
                        .maxIdle(5)
                        .failureThreshold(2)
                        .openDuration(Duration.ofSeconds(10))
                        .halfOpenProbes(2)
                        .endpoint(endpoint(second, otherHostKey))
                        .build());
        for (PoolSettings step : steps) {
            int before = ok.get();
            pool.reconfigure(step);
            await().atMost(Duration.ofSeconds(20)).until(() -> ok.get() >= before + 5);
        }
        running.set(false);
        for (Thread c : callers) {
            assertThat(c.join(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(failures).isEmpty();
        assertThat(second.commands()).isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> first.activeSessions() == 0);
        assertThat(pool.circuitState()).isEqualTo(CircuitState.CLOSED);
    }
}
