package io.srvlab.rds.scale;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One measured run: a fresh namespace, RdsPoolConfig and operator process; N RdsVolumes created at once; figures taken
 * when the last one is Ready; with phases on, then steady state, a restart, a hot reload under load and a key fix on
 * the N settled volumes (and, before the batch, the single-volume latency); then everything deleted through the
 * operator so the next run starts empty.
 */
final class ScaleRun {
    private static final Duration OPERATOR_START_TIMEOUT = Duration.ofMinutes(3);
    static final Duration SETTLE = Duration.ofSeconds(3);
    private static final Duration CLEANUP_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration OPERATOR_STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    static final int CREATE_THREADS = 32;
    static final String BASE_PATH = "/storage-pool/scale-bench";
    /** Splits the batch in two: {@code p0} is deleted by label selector, the rest with the namespace. */
    static final String PART_LABEL = "scale-bench/part";

    /** The batch's figures, the phases' rows, and the API server's measured write rate. */
    record Report(RunResult batch, List<PhaseRow> phases, ApiWriteRate api, Usage usage) {}

    /**
     * The operator's own use: live heap histograms (idle, after the batch, after the restart), CPU seconds for the
     * batch's creates and in the steady window, and what deleting everything as users do took.
     */
    static final class Usage {
        final List<OperatorLook.Heap> heaps = new ArrayList<>();
        CpuShares batchCpu;
        ApiServerRequests batchRequests;
        double batchCpuWindowSeconds = Double.NaN;
        double steadyCpuSeconds = Double.NaN;
        double steadySeconds = Double.NaN;
        final List<String> deletion = new ArrayList<>();
        final List<String> nativeMemory = new ArrayList<>();
    }

    private final BenchStack stack;
    private final BenchOptions options;
    private final PoolMode mode;
    private final int volumes;
    private final boolean phases;
    private final String name;
    private final KubernetesClient client;
    private final RouterOsSimulator simulator;
    private volatile OperatorProcess operator;
    private int operatorStarts;
    private double leasesOfStoppedOperators;
    private Bound.Limits limits;
    private VolumeWatch volumeWatch;
    private PoolConfigWatch poolWatch;
    private long deleteNanos;
    private double commandsPerLease = 1;
    private final Usage usage = new Usage();

    ScaleRun(BenchStack stack, BenchOptions options, PoolMode mode, int volumes, boolean phases) {
        this.stack = stack;
        this.options = options;
        this.mode = mode;
        this.volumes = volumes;
        this.phases = phases;
        this.name = "scale-" + mode.name() + "-" + volumes;
        this.client = stack.client();
        this.simulator = stack.simulator();
    }

    Report run() throws Exception {
        resetSimulator();
        log("measuring the API server: %d ConfigMap creates + %d patches", volumes, volumes);
        ApiWriteRate api = ApiWriteRate.measure(client, name + "-api", volumes, CREATE_THREADS);
        log("API server: %d writes in %.1f s = %.1f writes/s", api.writes(), api.seconds(), api.perSecond());
        limits = new Bound.Limits(
                options.requestsPerSecond(),
                options.burst(),
                options.commandLatency(),
                options.handshakeLatency(),
                mode.concurrency(options.reconcileThreads()),
                api.perSecond());
        Namespaces.ensure(client, name);
        client.resource(poolConfigYaml(name, mode, options.requestsPerSecond(), options.burst()))
                .create();
        poolWatch = new PoolConfigWatch();
        volumeWatch = new VolumeWatch();
        List<PhaseRow> rows = new ArrayList<>();
        RunResult batch;
        try (Watch pw = client.resources(RdsPoolConfig.class).withName(name).watch(poolWatch);
                Watch vw = client.resources(RdsVolume.class).inNamespace(name).watch(volumeWatch)) {
            operator = startOperator(name);
            try (var sampler = new ResourceSampler(() -> operator)) {
                awaitOperatorAndPool();
                lookAtHeap("idle operator, before the batch", 0);
                boolean fairShareOnly = phases && options.phases().fairShareOnly();
                boolean snapshotsOnly = phases && options.phases().snapshotsOnly();
                boolean every = phases && !fairShareOnly && !snapshotsOnly;
                if (every) {
                    rows.addAll(attempt("latency", () -> new LatencyPhase(this).run()));
                }
                batch = measure(sampler);
                commandsPerLease = batch.leases() > 0 ? batch.commands() / (double) batch.leases() : 1;
                lookAtHeap("after the batch", volumes);
                if (every && batch.complete()) {
                    rows.addAll(attempt("steady state", () -> new SteadyPhase(this).run()));
                    rows.addAll(attempt("restart", () -> new RestartPhase(this).run()));
                    lookAtHeap("after the restart", volumes + 1);
                    rows.addAll(attempt("hot reload", () -> new ReloadPhase(this).run()));
                    rows.addAll(attempt("key fix", () -> new KeyFixPhase(this).run()));
                }
                if (phases && batch.complete() && !snapshotsOnly) {
                    rows.addAll(attempt("fair share", () -> new FairSharePhase(this).run()));
                }
                if (phases && batch.complete() && !fairShareOnly) {
                    rows.addAll(attempt("snapshots", () -> new SnapshotPhase(this).run()));
                }
                sampler.sample();
                batch = batch.withMemory(
                        sampler.peakHeapBytes(),
                        sampler.peakLiveHeapBytes(),
                        sampler.peakRssKiB(),
                        sampler.rssHighWaterKiB());
            }
            if (volumeWatch.closedWith() != null) {
                log("watch closed early: %s (write counts are a lower bound)", volumeWatch.closedWith());
            }
            try {
                cleanUp();
            } catch (RuntimeException e) {
                log("clean-up failed (%s); the next run may see leftovers", e);
            }
            stopOperator();
        } finally {
            if (operator != null) {
                operator.close();
            }
        }
        return new Report(
                batch.withCleanup(deleteNanos / 1e9, simulator.rds().disks().size()), rows, api, usage);
    }

    /** A phase that fails is reported and skipped; the run (and its clean-up) goes on. */
    private List<PhaseRow> attempt(String phase, Callable<List<PhaseRow>> body) {
        log("-- %s", phase);
        try {
            List<PhaseRow> rows = body.call();
            rows.forEach(r -> log("%s: %.2f s %s", r.what(), r.seconds(), r.notes()));
            return rows;
        } catch (Exception e) {
            log("%s failed: %s", phase, e);
            return List.of(new PhaseRow(phase + ": failed", volumes, Double.NaN, Work.NONE, null, e.toString()));
        }
    }

    private RunResult measure(ResourceSampler sampler) throws Exception {
        resetCounters();
        Work before = work();
        var tally = new CommandTally();
        AutoCloseable listening = simulator.listen(tally);
        long start = System.nanoTime();
        CpuShares sharesBefore = CpuShares.now(operator.pid());
        ApiServerRequests requestsBefore = ApiServerRequests.now(client);
        VolumeBatch.create(
                client, name, "v", volumes, name, "1Gi", CREATE_THREADS, i -> Map.of(PART_LABEL, "p" + (i % 2)));
        double createSeconds = (System.nanoTime() - start) / 1e9;
        log("%d create requests returned after %.1f s", volumes, createSeconds);
        boolean complete = awaitReady(start);
        long end = complete ? volumeWatch.lastReadyNanos() : System.nanoTime();
        Thread.sleep(SETTLE); // late status writes still count
        usage.batchCpu = CpuShares.now(operator.pid()).minus(sharesBefore);
        usage.batchCpuWindowSeconds = (System.nanoTime() - start) / 1e9;
        log("%s", usage.batchCpu.summary(usage.batchCpuWindowSeconds));
        ApiServerRequests requests = ApiServerRequests.now(client).minus(requestsBefore);
        Work watched = work().minus(before);
        log(
                "API server requests during the batch, every client: %d writes (%.2f per volume), %d gets and lists"
                        + " (%.2f per volume); %d writes seen on the volumes",
                requests.writes(),
                requests.writes() / (double) volumes,
                requests.reads(),
                requests.reads() / (double) volumes,
                watched.apiWrites());
        listening.close();
        log("batch commands: %s", tally.summary());
        String metrics = operator.metrics();
        // The API term counts every write the API server took (leases, Events, finalizers, status), not only those
        // the volume watch sees.
        Work work = requests.writes() < 0
                ? watched
                : new Work(watched.leases(), watched.commands(), watched.handshakes(), requests.writes());
        usage.batchRequests = requests;
        sampler.sample();
        return new RunResult(
                mode,
                volumes,
                volumeWatch.ready(),
                createSeconds,
                (end - start) / 1e9,
                work.leases(),
                work.commands(),
                work.handshakes(),
                work.apiWrites(),
                simulator.peakSessions(),
                Math.round(orZero(MetricsText.sum(metrics, "rds_pool_rate_limited_total", poolLabel(name)))),
                Math.round(orZero(MetricsText.sum(metrics, "rds_pool_connection_errors_total", poolLabel(name)))),
                volumeWatch.counts(),
                sampler.peakHeapBytes(),
                sampler.peakLiveHeapBytes(),
                sampler.peakRssKiB(),
                sampler.rssHighWaterKiB(),
                0,
                0,
                Bound.of(limits, work));
    }

    private boolean awaitReady(long start) throws InterruptedException {
        long deadline = start + options.runTimeout().toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        while (volumeWatch.ready() < volumes) {
            long now = System.nanoTime();
            if (now > deadline) {
                log(
                        "TIMEOUT: %d/%d Ready after %d s",
                        volumeWatch.ready(), volumes, options.runTimeout().toSeconds());
                return false;
            }
            if (!operator.isAlive()) {
                log("operator exited; see %s", operator.log());
                return false;
            }
            if (now > nextProgress) {
                log(
                        "%d/%d Ready after %.0f s (commands %d, handshakes %d)",
                        volumeWatch.ready(),
                        volumes,
                        (now - start) / 1e9,
                        simulator.commands(),
                        simulator.handshakes());
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
            Thread.sleep(100);
        }
        return true;
    }

    private void lookAtHeap(String when, int settled) {
        OperatorLook.Heap heap = OperatorLook.heap(operator.pid(), when, settled);
        usage.heaps.add(heap);
        String nmt = OperatorLook.nativeMemory(operator.pid());
        if (!nmt.isEmpty()) {
            usage.nativeMemory.add(when + ": " + nmt);
            log("%s: native memory committed: %s", when, nmt);
        }
        log(
                "%s: live heap after GC %.1f MiB, %.1f MiB per 1000 volumes over the idle operator",
                when, heap.liveBytes() / (1024.0 * 1024.0), heap.mibPer1000Over(usage.heaps.getFirst()));
    }

    /** The steady phase's CPU time over its window, for the per-hour figure. */
    void recordSteadyCpu(double cpuSeconds, double windowSeconds) {
        usage.steadyCpuSeconds = cpuSeconds;
        usage.steadySeconds = windowSeconds;
    }

    // --- what the phases use

    KubernetesClient client() {
        return client;
    }

    RouterOsSimulator simulator() {
        return simulator;
    }

    BenchStack stack() {
        return stack;
    }

    BenchOptions options() {
        return options;
    }

    BenchOptions.Phases phaseOptions() {
        return options.phases();
    }

    PoolMode mode() {
        return mode;
    }

    String name() {
        return name;
    }

    int volumes() {
        return volumes;
    }

    OperatorProcess operator() {
        return operator;
    }

    VolumeWatch volumeWatch() {
        return volumeWatch;
    }

    PoolConfigWatch poolWatch() {
        return poolWatch;
    }

    /** RouterOS commands per lease in the batch (a create leases 4 times and sends 5 commands). */
    double commandsPerLease() {
        return commandsPerLease;
    }

    Bound.Limits limits() {
        return limits;
    }

    /**
     * Everything counted so far: leases of every operator process of this run (the counter restarts with the
     * process), the simulator's commands and handshakes, writes seen on this run's volumes and pool config.
     */
    Work work() {
        long leases = Math.round(leasesOfStoppedOperators + leases(operator.metrics()));
        return new Work(
                leases, simulator.commands(), simulator.handshakes(), volumeWatch.apiWrites() + poolWatch.writes());
    }

    /** SIGTERM to the operator, then a new process (with a lease of its own); returns when the new one was started. */
    long restartOperator() {
        leasesOfStoppedOperators += leases(operator.metrics());
        stopOperator();
        operator = startOperator(name + "-" + (++operatorStarts));
        return System.nanoTime();
    }

    /** Merge-patches this run's pool config spec; returns the new generation. */
    long patchPoolSpec(String specJson) {
        RdsPoolConfig patched = client.resources(RdsPoolConfig.class)
                .withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":" + specJson + "}");
        return patched.getMetadata().getGeneration();
    }

    RdsPoolConfig poolConfig(String configName) {
        return client.resources(RdsPoolConfig.class).withName(configName).get();
    }

    void createPoolConfig(String configName, PoolMode poolMode) {
        client.resource(poolConfigYaml(configName, poolMode, options.requestsPerSecond(), options.burst()))
                .create();
    }

    /** Creates one volume named {@code prefix-0}; returns that name. */
    String createVolume(String namespace, String prefix, String pool) {
        return VolumeBatch.create(client, namespace, prefix, 1, pool, "1Gi", 1).getFirst();
    }

    double leases(String metrics) {
        return leases(metrics, name);
    }

    static double leases(String metrics, String pool) {
        return orZero(MetricsText.sum(metrics, "rds_pool_acquire_seconds_count", poolLabel(pool)));
    }

    void resetCounters() {
        resetSimulator();
        // the state cleared by reset: a capacity that fits 10 000 volumes of 1 Gi (the default RDS holds about 7000)
        simulator.rds().capacity(1L << 50, (1L << 50) - (1L << 40));
    }

    /** Waits for {@code condition}, polling; false after {@code timeout} (the phase reports what it got). */
    boolean poll(Duration timeout, Callable<Boolean> condition) {
        try {
            await().atMost(timeout)
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("operator exited", () -> !operator.isAlive())
                    .until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    void log(String format, Object... args) {
        System.out.println("  [" + name + "] " + String.format(Locale.ROOT, format, args));
    }

    // --- lifecycle

    private void awaitOperatorAndPool() {
        log("operator pid %d, log %s", operator.pid(), operator.log());
        await("operator ready and RdsPoolConfig " + name + " Ready (see " + operator.log() + ")")
                .atMost(OPERATOR_START_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .failFast("operator exited", () -> !operator.isAlive())
                .until(() -> operator.isReady() && Readiness.isReady(poolConfig(name)));
    }

    /**
     * Deletes every volume through the operator as users do (so each disk and file is removed from the simulator),
     * with the rate limit raised by a hot reload to keep the clean-up short: half the batch by label selector, the
     * way {@code kubectl delete -l} does it (a list, then one DELETE per volume, so no single request has to outlast
     * thousands of deletions), then everything else with the namespace. Strips finalizers only if that does not
     * finish.
     */
    private void cleanUp() {
        patchPoolSpec("{\"rateLimit\":{\"requestsPerSecond\":1000,\"burst\":1000}}");
        long start = System.nanoTime();
        var part = client.resources(RdsVolume.class).inNamespace(name).withLabel(PART_LABEL, "p0");
        List<String> labelled = part.list().getItems().stream()
                .map(v -> v.getMetadata().getName())
                .toList();
        deleteEach(labelled);
        boolean partGone =
                poll(CLEANUP_TIMEOUT, () -> part.list(firstOnly()).getItems().isEmpty());
        usage.deletion.add(String.format(
                Locale.ROOT,
                "label-selected delete (%s=p0, one DELETE per volume from %d threads): %d volumes, last finalizer"
                        + " removed after %.1f s%s; then %d disks and %d files left on the simulator",
                PART_LABEL,
                CREATE_THREADS,
                labelled.size(),
                (System.nanoTime() - start) / 1e9,
                partGone ? "" : " (NOT all gone)",
                simulator.rds().disks().size(),
                filesLeft()));
        long nsStart = System.nanoTime();
        int rest = client.resources(RdsVolume.class)
                .inNamespace(name)
                .list()
                .getItems()
                .size();
        client.namespaces().withName(name).delete();
        boolean gone = poll(CLEANUP_TIMEOUT, this::noVolumesLeft);
        deleteNanos = System.nanoTime() - start;
        usage.deletion.add(String.format(
                Locale.ROOT,
                "namespace deletion: %d volumes, last finalizer removed after %.1f s%s; then %d disks and %d files"
                        + " left on the simulator",
                rest,
                (System.nanoTime() - nsStart) / 1e9,
                gone ? "" : " (NOT all gone)",
                simulator.rds().disks().size(),
                filesLeft()));
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
        usage.deletion.forEach(line -> log("%s", line));
        client.resources(RdsPoolConfig.class).withName(name).delete();
        poll(Duration.ofMinutes(1), () -> poolConfig(name) == null);
    }

    /** A list of at most one item: enough to tell whether any is left, without listing thousands every poll. */
    private static ListOptions firstOnly() {
        return new ListOptionsBuilder().withLimit(1L).build();
    }

    /** One DELETE per volume, from as many threads as the creates; a volume already gone is fine. */
    private void deleteEach(List<String> names) {
        try (var executor = Executors.newFixedThreadPool(CREATE_THREADS)) {
            for (String volume : names) {
                executor.submit(() -> client.resources(RdsVolume.class)
                        .inNamespace(name)
                        .withName(volume)
                        .delete());
            }
        }
    }

    private long filesLeft() {
        String prefix = BASE_PATH.substring(1) + "/";
        return simulator.rds().files().keySet().stream()
                .filter(f -> f.startsWith(prefix))
                .count();
    }

    double rateLimitHits() {
        return orZero(MetricsText.sum(operator.metrics(), "rds_pool_rate_limited_total", poolLabel(name)));
    }

    private boolean noVolumesLeft() {
        return client.resources(RdsVolume.class)
                .inNamespace(name)
                .list(firstOnly())
                .getItems()
                .isEmpty();
    }

    private void stopOperator() {
        if (operator.stop(OPERATOR_STOP_TIMEOUT).isEmpty()) {
            log("operator still running %d s after SIGTERM; killed", OPERATOR_STOP_TIMEOUT.toSeconds());
            operator.kill();
        }
    }

    private OperatorProcess startOperator(String lease) {
        var started = OperatorProcess.start(OperatorProcess.Options.of(
                        stack.kubeconfig(),
                        BenchStack.OPERATOR_NAMESPACE,
                        lease,
                        options.output().toAbsolutePath().resolve("operator-" + lease + ".log"))
                // a lease of its own, so a previous operator (killed or not) never delays this one
                .withProperty("rds.leader-election.lease-name", lease)
                .withProperty(
                        "quarkus.operator-sdk.concurrent-reconciliation-threads",
                        String.valueOf(options.reconcileThreads()))
                .withJvmArgs(options.operatorJvmArgs().toArray(String[]::new))
                .withEnvironment(options.operatorEnvironment()));
        log("operator pid %d started, log %s", started.pid(), started.log());
        return started;
    }

    private void resetSimulator() {
        simulator.reset();
        simulator.knobs().handshakeLatency(options.handshakeLatency()).commandLatency(options.commandLatency());
    }

    private String poolConfigYaml(String configName, PoolMode poolMode, int rate, int burst) {
        return poolConfigYaml(configName, BASE_PATH, poolMode.maxSize(), poolMode.maxIdle(), rate, burst, "");
    }

    /** A pool config for the simulator with the benchmark's key; {@code more}: further spec lines. */
    String poolConfigYaml(
            String configName, String basePath, int maxSize, int maxIdle, int rate, int burst, String more) {
        return OperatorTestEnvironment.poolConfigYaml(
                configName,
                simulator.port(),
                BenchStack.OPERATOR_NAMESPACE,
                BenchStack.KEY_SECRET,
                stack.hostKeyLine(),
                """
                  pool: {maxSize: %d, maxIdle: %d}
                  rateLimit: {requestsPerSecond: %d, burst: %d}
                  volumeDefaults: {basePath: %s}
                """.formatted(maxSize, maxIdle, rate, burst, basePath) + more);
    }

    private static String poolLabel(String pool) {
        return "pool=\"" + pool + "\"";
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
