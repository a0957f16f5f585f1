package io.srvlab.rds.scale;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.testing.MetricsText;
import io.srvlab.rds.testing.Namespaces;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.OperatorTestEnvironment;
import io.srvlab.rds.testing.Readiness;
import io.srvlab.rds.testing.VolumeBatch;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One measured run: a fresh namespace, RdsPoolConfig and operator process; N RdsVolumes created at once; figures taken
 * when the last one is Ready; then everything deleted through the operator so the next run starts empty.
 */
final class ScaleRun {
    private static final Duration OPERATOR_START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final Duration CLEANUP_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration OPERATOR_STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final int CREATE_THREADS = 32;

    private final BenchStack stack;
    private final BenchOptions options;
    private final PoolMode mode;
    private final int volumes;
    private final String name;
    private final KubernetesClient client;
    private final RouterOsSimulator simulator;

    ScaleRun(BenchStack stack, BenchOptions options, PoolMode mode, int volumes) {
        this.stack = stack;
        this.options = options;
        this.mode = mode;
        this.volumes = volumes;
        this.name = "scale-" + mode.name() + "-" + volumes;
        this.client = stack.client();
        this.simulator = stack.simulator();
    }

    RunResult run() throws Exception {
        resetSimulator();
        Namespaces.ensure(client, name);
        client.resource(poolConfigYaml()).create();
        try (OperatorProcess operator = OperatorProcess.start(operatorOptions())) {
            log("operator pid %d, log %s", operator.pid(), operator.log());
            awaitTrue(
                    "operator ready and RdsPoolConfig " + name + " Ready",
                    OPERATOR_START_TIMEOUT,
                    operator,
                    () -> operator.isReady() && poolReady());
            RunResult result = measure(operator);
            try {
                cleanUp();
            } catch (RuntimeException e) {
                log("clean-up failed (%s); the next run may see leftovers", e);
            }
            stopOperator(operator);
            return result.withCleanup(deleteNanos / 1e9, simulator.rds().disks().size());
        }
    }

    private long deleteNanos;

    private RunResult measure(OperatorProcess operator) throws Exception {
        try (var sampler = new ResourceSampler(operator)) {
            double leasesBefore = leases(operator.metrics());
            resetSimulator(); // counters from zero; the pool's sessions stay open
            var watch = new VolumeWatch();
            Watch subscription =
                    client.resources(RdsVolume.class).inNamespace(name).watch(watch);
            long start = System.nanoTime();
            VolumeBatch.create(client, name, "v", volumes, name, "1Gi", CREATE_THREADS);
            double createSeconds = (System.nanoTime() - start) / 1e9;
            log("%d create requests returned after %.1f s", volumes, createSeconds);
            boolean complete = awaitReady(watch, operator, start);
            long end = complete ? watch.lastReadyNanos() : System.nanoTime();
            Thread.sleep(SETTLE); // late status writes still count
            String metrics = operator.metrics();
            long leases = Math.round(leases(metrics) - leasesBefore);
            long commands = simulator.commands();
            long handshakes = simulator.handshakes();
            sampler.sample();
            var rss = operator.rss();
            subscription.close();
            if (watch.closedWith() != null) {
                log("watch closed early: %s (write counts are a lower bound)", watch.closedWith());
            }
            return new RunResult(
                    mode,
                    volumes,
                    watch.ready(),
                    createSeconds,
                    (end - start) / 1e9,
                    leases,
                    commands,
                    handshakes,
                    simulator.peakSessions(),
                    Math.round(orZero(MetricsText.sum(metrics, "rds_pool_rate_limited_total", poolLabel()))),
                    Math.round(orZero(MetricsText.sum(metrics, "rds_pool_connection_errors_total", poolLabel()))),
                    watch.counts(),
                    sampler.peakHeapBytes(),
                    sampler.peakRssKiB(),
                    rss.peakKiB(),
                    0,
                    0,
                    RunResult.Bound.of(options, mode, leases, commands, handshakes));
        }
    }

    private boolean awaitReady(VolumeWatch watch, OperatorProcess operator, long start) throws InterruptedException {
        long deadline = start + options.runTimeout().toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        while (watch.ready() < volumes) {
            long now = System.nanoTime();
            if (now > deadline) {
                log(
                        "TIMEOUT: %d/%d Ready after %d s",
                        watch.ready(), volumes, options.runTimeout().toSeconds());
                return false;
            }
            if (!operator.isAlive()) {
                log("operator exited; see %s", operator.log());
                return false;
            }
            if (now > nextProgress) {
                log(
                        "%d/%d Ready after %.0f s (commands %d, handshakes %d)",
                        watch.ready(), volumes, (now - start) / 1e9, simulator.commands(), simulator.handshakes());
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
            Thread.sleep(100);
        }
        return true;
    }

    /**
     * Deletes every volume through the operator (so each disk and file is removed from the simulator), with the rate
     * limit raised by a hot reload to keep the clean-up short; strips finalizers only if that does not finish.
     */
    private void cleanUp() {
        long start = System.nanoTime();
        client.resources(RdsPoolConfig.class)
                .withName(name)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"rateLimit\":{\"requestsPerSecond\":1000,\"burst\":1000}}}");
        client.resources(RdsVolume.class).inNamespace(name).delete();
        boolean gone = poll(CLEANUP_TIMEOUT, this::noVolumesLeft);
        deleteNanos = System.nanoTime() - start;
        if (!gone) {
            log("volumes not gone after %d s; removing finalizers", CLEANUP_TIMEOUT.toSeconds());
            for (RdsVolume v :
                    client.resources(RdsVolume.class).inNamespace(name).list().getItems()) {
                client.resources(RdsVolume.class)
                        .inNamespace(name)
                        .withName(v.getMetadata().getName())
                        .edit(edited -> {
                            edited.getMetadata().setFinalizers(List.of());
                            return edited;
                        });
            }
            poll(Duration.ofMinutes(2), this::noVolumesLeft);
        }
        log(
                "volumes deleted in %.1f s; %d disks left on the simulator",
                deleteNanos / 1e9, simulator.rds().disks().size());
        client.resources(RdsPoolConfig.class).withName(name).delete();
        poll(
                Duration.ofMinutes(1),
                () -> client.resources(RdsPoolConfig.class).withName(name).get() == null);
        client.namespaces().withName(name).delete();
    }

    private boolean noVolumesLeft() {
        return client.resources(RdsVolume.class)
                .inNamespace(name)
                .list()
                .getItems()
                .isEmpty();
    }

    private void stopOperator(OperatorProcess operator) {
        if (operator.stop(OPERATOR_STOP_TIMEOUT).isEmpty()) {
            log("operator still running %d s after SIGTERM; killed", OPERATOR_STOP_TIMEOUT.toSeconds());
            operator.kill();
        }
    }

    private void resetSimulator() {
        simulator.reset();
        simulator.knobs().handshakeLatency(options.handshakeLatency()).commandLatency(options.commandLatency());
    }

    private OperatorProcess.Options operatorOptions() {
        return OperatorProcess.Options.of(
                        stack.kubeconfig(),
                        BenchStack.OPERATOR_NAMESPACE,
                        name,
                        options.output().toAbsolutePath().resolve("operator-" + name + ".log"))
                // a lease of its own, so a previous run's operator (killed or not) never delays this one
                .withProperty("rds.leader-election.lease-name", name)
                .withProperty(
                        "quarkus.operator-sdk.concurrent-reconciliation-threads",
                        String.valueOf(options.reconcileThreads()))
                .withJvmArgs("-Xmx" + options.operatorHeap(), "-XX:+ExitOnOutOfMemoryError");
    }

    private String poolConfigYaml() {
        return OperatorTestEnvironment.poolConfigYaml(
                name,
                simulator.port(),
                BenchStack.OPERATOR_NAMESPACE,
                BenchStack.KEY_SECRET,
                stack.hostKeyLine(),
                """
                  pool: {maxSize: %d, maxIdle: %d}
                  rateLimit: {requestsPerSecond: %d, burst: %d}
                  volumeDefaults: {basePath: /storage-pool/scale-bench}
                """.formatted(mode.maxSize(), mode.maxIdle(), options.requestsPerSecond(), options.burst()));
    }

    private boolean poolReady() {
        return Readiness.isReady(
                client.resources(RdsPoolConfig.class).withName(name).get());
    }

    private double leases(String metrics) {
        return orZero(MetricsText.sum(metrics, "rds_pool_acquire_seconds_count", poolLabel()));
    }

    private String poolLabel() {
        return "pool=\"" + name + "\"";
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    private static void awaitTrue(
            String what, Duration timeout, OperatorProcess operator, Callable<Boolean> condition) {
        await(what + " (see " + operator.log() + ")")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .failFast("operator exited", () -> !operator.isAlive())
                .until(condition);
    }

    /** Like {@link #awaitTrue} but reports a timeout instead of throwing: clean-up goes on as far as it can. */
    private static boolean poll(Duration timeout, Callable<Boolean> condition) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private void log(String format, Object... args) {
        System.out.println("  [" + name + "] " + String.format(Locale.ROOT, format, args));
    }
}
