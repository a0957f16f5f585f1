package io.srvlab.rds.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfigStatus.CircuitState;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedRds;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.Readiness;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator (a child process, as its ServiceAccount) against the simulator with 200 volumes in flight per
 * fault. Each case ends with the same invariants ({@link VolumeInvariants}): every volume Ready or permanently failed
 * with a clear reason, one disk and file per Ready volume, nothing else; then every volume is deleted — still through
 * the fault where it lasts — and nothing may be left. The breaker must open for faults of reaching the server (down,
 * killed, hung, auth) and stay closed for faults of commands (busy, full), and end closed.
 *
 * <p>Pool config (see {@link io.srvlab.rds.testing.OperatorTestEnvironment#poolConfigYaml}): maxSize 10, command
 * timeout 5 s, breaker threshold 3 consecutive transport failures, open 3 s, one half-open probe, 200 requests/s;
 * the hung case times out after 2 s, stays open 1 s and probes with five calls.
 */
class FaultMatrixIT {
    private static final int VOLUMES = 200;
    private static final Duration CONVERGE = Duration.ofMinutes(3);
    private static final Set<String> OUTAGE_REASONS = Set.of("PoolConfigNotReady", "RdsUnreachable", "CircuitOpen");
    private static final Set<String> AUTH_REASONS = Set.of("PoolConfigNotReady", "AuthFailed", "CircuitOpen");

    private static ProofEnvironment env;
    private static RouterOsSimulator sim;
    private static OperatorProcess operator;

    @BeforeAll
    static void startOperator() {
        env = ProofEnvironment.get();
        sim = env.simulator();
        operator = env.startOperator("fault-matrix");
    }

    @AfterAll
    static void stopOperator() {
        if (operator != null) {
            // SIGTERM with leader election on must end the process (JOSDK 5.2.1 alone would hang in System.exit).
            var exit = operator.stop(Duration.ofSeconds(20));
            if (exit.isEmpty()) {
                operator.kill();
            }
            assertThat(exit).as("operator exited within 20 s of SIGTERM").isPresent();
        }
    }

    @AfterEach
    void healTheRds() throws Exception {
        sim.knobs().reset();
        if (!sim.isRunning()) {
            sim.restart();
        }
    }

    @Test
    void serverDownAtStart() throws Exception {
        var c = Case.named("down-at-start");
        sim.kill();
        env.createPoolConfig(c.pool(), c.basePath(), "");
        List<String> names = env.createVolumes(c.ns(), "v", VOLUMES, c.pool(), "1Gi");

        awaitAllNotReadyFor(c, OUTAGE_REASONS);
        await("breaker opened").atMost(CONVERGE).until(() -> env.circuitBreaks(c.pool()) >= 1);
        assertThat(VolumeInvariants.disksUnder(sim, c.basePath())).isEmpty();

        sim.restart();
        awaitAllReady(c, names.size());
        assertConvergedAndClosed(c, Set.of());
        deleteAndAssertNothingLeft(c);
    }

    @Test
    void serverKilledMidRunAndRestarted() throws Exception {
        var c = Case.named("killed");
        env.createPoolConfig(c.pool(), c.basePath(), "");
        awaitPoolReady(c);
        sim.knobs().commandLatency(Duration.ofMillis(30));
        List<String> names = env.createVolumes(c.ns(), "v", VOLUMES, c.pool(), "1Gi");
        await("a quarter of the disks created")
                .atMost(CONVERGE)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> VolumeInvariants.disksUnder(sim, c.basePath()).size() >= VOLUMES / 4);
        long breaksBefore = env.circuitBreaks(c.pool());
        sim.kill();
        assertThat(VolumeInvariants.disksUnder(sim, c.basePath()))
                .as("killed in the middle of the run")
                .hasSizeLessThan(VOLUMES);
        await("breaker opened").atMost(CONVERGE).until(() -> env.circuitBreaks(c.pool()) > breaksBefore);

        sim.restart();
        awaitAllReady(c, names.size());
        assertConvergedAndClosed(c, Set.of());
        deleteAndAssertNothingLeft(c);
    }

    @Test
    void halfOfTheCommandsFailTransiently() {
        var c = Case.named("busy");
        env.createPoolConfig(c.pool(), c.basePath(), "");
        awaitPoolReady(c);
        long breaksBefore = env.circuitBreaks(c.pool());
        long faultsBefore = sim.knobs().faultsServed();
        sim.knobs().failRandomly(0.5, "failure: device is busy", 20261127L);
        List<String> names = env.createVolumes(c.ns(), "v", VOLUMES, c.pool(), "1Gi");

        awaitAllReady(c, names.size());
        assertConvergedAndClosed(c, Set.of());
        assertThat(sim.knobs().faultsServed() - faultsBefore)
                .as("busy replies served while the volumes were created")
                .isGreaterThan(VOLUMES);
        assertThat(env.circuitBreaks(c.pool()))
                .as("busy replies are the server answering: no break")
                .isEqualTo(breaksBefore);
        deleteAndAssertNothingLeft(c);
    }

    @Test
    void hungCommandsBeyondTheTimeout() {
        var c = Case.named("hung");
        // Each hang lasts the command timeout, and hangs met by half-open probes follow one another with the open
        // time between them: both shorter here (2 s, 1 s) than in the other cases (5 s, 3 s), and five probes at a
        // time (not one) meet the hangs left after the first break in two rounds rather than ten.
        env.createPoolConfigWith(c.pool(), """
                    connectTimeout: 3s
                    commandTimeout: 2s
                  pool: {maxSize: 10, maxIdle: 5, acquireTimeout: 10s}
                  rateLimit: {requestsPerSecond: 200, burst: 200}
                  circuitBreaker: {failureThreshold: 3, openDuration: 1s, halfOpenProbes: 5}
                  statusInterval: 2s
                  volumeDefaults: {basePath: %s}
                """.formatted(c.basePath()));
        awaitPoolReady(c);
        long breaksBefore = env.circuitBreaks(c.pool());
        // Some hang before running, some after (the disk exists but the operator never hears so): retries must
        // adopt those, not duplicate them.
        for (int i = 0; i < 10; i++) {
            sim.knobs().hangNext(1).hangAfterRunningNext(1);
        }
        List<String> names = env.createVolumes(c.ns(), "v", VOLUMES, c.pool(), "1Gi");

        awaitAllReady(c, names.size());
        assertThat(sim.knobs().pendingFaults()).as("every hang was hit").isZero();
        assertThat(env.circuitBreaks(c.pool()))
                .as("timeouts count against the breaker")
                .isGreaterThan(breaksBefore);
        assertConvergedAndClosed(c, Set.of());
        deleteAndAssertNothingLeft(c);
    }

    @Test
    void authRejected() {
        var c = Case.named("auth");
        sim.knobs().rejectAuth(true);
        long commandsBefore = sim.commands();
        env.createPoolConfig(c.pool(), c.basePath(), "");
        env.createVolumes(c.ns(), "v", VOLUMES, c.pool(), "1Gi");

        awaitAllNotReadyFor(c, AUTH_REASONS);
        // Also once the breaker is open and refuses even to try a login, the pool config names the cause.
        await("pool config open and saying AuthFailed")
                .atMost(CONVERGE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    var config = env.poolConfig(c.pool());
                    return config.getStatus() != null
                            && config.getStatus().circuitState() == CircuitState.OPEN
                            && Readiness.ready(config)
                                    .filter(r -> Condition.FALSE.equals(r.getStatus())
                                            && "AuthFailed".equals(r.getReason())
                                            && r.getMessage().contains("circuit breaker"))
                                    .isPresent();
                });
        assertThat(sim.commands()).as("no command ran without a login").isEqualTo(commandsBefore);

        sim.knobs().rejectAuth(false); // the RDS user's key is fixed
        awaitAllReady(c, VOLUMES);
        assertConvergedAndClosed(c, Set.of());
        deleteAndAssertNothingLeft(c);
    }

    @Test
    void diskFull() {
        var c = Case.named("full");
        env.createPoolConfig(c.pool(), c.basePath(), "");
        awaitPoolReady(c);
        long breaksBefore = env.circuitBreaks(c.pool());
        int fitting = 150;
        long gib = 1L << 30;
        // Room for 150 of the 200 volumes (plus half of one more: a partial fit must not create anything).
        sim.rds().capacity(sim.rds().totalBytes(), fitting * gib + gib / 2);
        try {
            env.createVolumes(c.ns(), "v", VOLUMES, c.pool(), "1Gi");
            await("150 Ready, 50 NotEnoughSpace").atMost(CONVERGE).untilAsserted(() -> {
                List<RdsVolume> volumes = env.volumes(c.ns());
                assertThat(volumes.stream().filter(Readiness::isReady)).hasSize(fitting);
                assertThat(volumes.stream().filter(v -> Readiness.ready(v)
                                .filter(r ->
                                        Condition.FALSE.equals(r.getStatus()) && "NotEnoughSpace".equals(r.getReason()))
                                .isPresent()))
                        .hasSize(VOLUMES - fitting);
            });
            assertConvergedAndClosed(c, Set.of("NotEnoughSpace"));
            assertThat(env.circuitBreaks(c.pool()))
                    .as("a full disk is the server answering: no break")
                    .isEqualTo(breaksBefore);
            deleteAndAssertNothingLeft(c);
        } finally {
            sim.rds().capacity(SimulatedRds.DEFAULT_TOTAL, SimulatedRds.DEFAULT_TOTAL - SimulatedRds.DEFAULT_USED);
        }
    }

    /** One case's own namespace, pool config and base path, so cases never see each other's disks. */
    private record Case(String ns, String pool, String basePath, long startNanos, long commands, long handshakes) {
        static Case named(String name) {
            env.createNamespace("fm-" + name);
            return new Case(
                    "fm-" + name,
                    "fm-" + name,
                    "/storage-pool/fm-" + name,
                    System.nanoTime(),
                    sim.commands(),
                    sim.handshakes());
        }

        /** One line of figures per case, for the record (failsafe keeps it in the test's output file). */
        void report() {
            System.out.printf(
                    "fault matrix %-14s converged in %5.1f s: %5d commands, %4d SSH handshakes, %d circuit breaks%n",
                    ns.substring(3),
                    (System.nanoTime() - startNanos) / 1e9,
                    sim.commands() - commands,
                    sim.handshakes() - handshakes,
                    env.circuitBreaks(pool));
        }
    }

    private static void awaitPoolReady(Case c) {
        await("RdsPoolConfig " + c.pool() + " Ready")
                .atMost(CONVERGE)
                .until(() -> Readiness.isReady(env.poolConfig(c.pool())));
    }

    private static void awaitAllReady(Case c, int count) {
        await(count + " volumes in " + c.ns() + " Ready (operator log: " + operator.log() + ")")
                .atMost(CONVERGE)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> env.readyCount(c.ns()) == count);
    }

    /** While the fault lasts, every volume says why it is not Ready, with one of {@code reasons}. */
    private static void awaitAllNotReadyFor(Case c, Set<String> reasons) {
        await("every volume in " + c.ns() + " not Ready with one of " + reasons)
                .atMost(CONVERGE)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<RdsVolume> volumes = env.volumes(c.ns());
                    assertThat(volumes).hasSize(VOLUMES);
                    assertThat(volumes)
                            .allSatisfy(v -> assertThat(Readiness.ready(v)).hasValueSatisfying(r -> {
                                assertThat(r.getStatus()).isEqualTo(Condition.FALSE);
                                assertThat(r.getReason()).isIn(reasons);
                                assertThat(r.getMessage()).isNotBlank();
                            }));
                });
    }

    private static void assertConvergedAndClosed(Case c, Set<String> permanentReasons) {
        VolumeInvariants.assertConverged(env.volumes(c.ns()), sim, c.basePath(), permanentReasons);
        await("breaker of " + c.pool() + " closed")
                .atMost(CONVERGE)
                .until(() -> env.circuitState(c.pool()).orElse(null) == CircuitState.CLOSED);
        c.report();
    }

    private static void deleteAndAssertNothingLeft(Case c) {
        env.deleteAllVolumes(c.ns(), CONVERGE);
        VolumeInvariants.assertNothingLeft(sim, c.basePath());
        env.deletePoolConfig(c.pool());
    }
}
