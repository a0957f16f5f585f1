package io.srvlab.rds.scale;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What to run, from the command line; every option has a documented default (docs/scale-benchmark.md). */
record BenchOptions(
        List<Integer> counts,
        List<PoolMode> modes,
        Duration handshakeLatency,
        Duration commandLatency,
        int requestsPerSecond,
        int burst,
        int reconcileThreads,
        Duration runTimeout,
        String operatorHeap,
        Path output,
        Phases phases) {

    /**
     * The measurements after the batch, run in the first mode only: steady state, restart, hot reload under load, key
     * fix, and before the batch the single-volume latency. {@code enabled false} runs the batch alone.
     */
    record Phases(
            boolean enabled,
            Duration steadyWindow,
            int reloadVolumes,
            int reloadFromRate,
            int reloadToRate,
            Duration reloadQueueFor,
            Duration latencyHandshake,
            int latencySamples,
            boolean fairShareOnly,
            boolean snapshotsOnly) {

        static Phases defaults() {
            return new Phases(
                    true,
                    Duration.ofSeconds(60),
                    1000,
                    10,
                    50,
                    Duration.ofSeconds(15),
                    Duration.ofMillis(100),
                    5,
                    false,
                    false);
        }
    }

    static final int JOSDK_DEFAULT_RECONCILE_THREADS = 50;

    static BenchOptions parse(String... args) {
        List<Integer> counts = new ArrayList<>();
        List<PoolMode> modes = List.of(PoolMode.POOL, PoolMode.NO_POOL);
        Duration handshake = Duration.ofMillis(50);
        Duration command = Duration.ofMillis(15);
        int rate = 50;
        int burst = 50;
        int threads = JOSDK_DEFAULT_RECONCILE_THREADS;
        Duration timeout = Duration.ofMinutes(15);
        String heap = "chart:512m";
        Path output = Path.of("target/scale-bench");
        Phases p = Phases.defaults();
        boolean phases = p.enabled();
        Duration steady = p.steadyWindow();
        int reloadVolumes = p.reloadVolumes();
        int reloadFrom = p.reloadFromRate();
        int reloadTo = p.reloadToRate();
        Duration queueFor = p.reloadQueueFor();
        Duration latencyHandshake = p.latencyHandshake();
        int samples = p.latencySamples();
        boolean fairShareOnly = p.fairShareOnly();
        boolean snapshotsOnly = p.snapshotsOnly();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--batch-only")) {
                phases = false;
                continue;
            }
            if (arg.equals("--fair-share-only")) {
                fairShareOnly = true;
                continue;
            }
            if (arg.equals("--snapshots-only")) {
                snapshotsOnly = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                counts.add(Integer.parseInt(arg));
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            String value = args[++i];
            switch (arg) {
                case "--modes" ->
                    modes = Arrays.stream(value.split(",")).map(PoolMode::parse).toList();
                case "--handshake-ms" -> handshake = Duration.ofMillis(Long.parseLong(value));
                case "--command-ms" -> command = Duration.ofMillis(Long.parseLong(value));
                case "--rate" -> rate = Integer.parseInt(value);
                case "--burst" -> burst = Integer.parseInt(value);
                case "--reconcile-threads" -> threads = Integer.parseInt(value);
                case "--timeout-min" -> timeout = Duration.ofMinutes(Long.parseLong(value));
                case "--heap" -> heap = value;
                case "--out" -> output = Path.of(value);
                case "--steady-s" -> steady = Duration.ofSeconds(Long.parseLong(value));
                case "--reload-volumes" -> reloadVolumes = Integer.parseInt(value);
                case "--reload-rates" -> {
                    String[] rates = value.split(":");
                    reloadFrom = Integer.parseInt(rates[0]);
                    reloadTo = Integer.parseInt(rates[1]);
                }
                case "--reload-queue-s" -> queueFor = Duration.ofSeconds(Long.parseLong(value));
                case "--latency-handshake-ms" -> latencyHandshake = Duration.ofMillis(Long.parseLong(value));
                case "--latency-samples" -> samples = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (counts.isEmpty()) {
            counts = List.of(100, 1000);
        }
        return new BenchOptions(
                List.copyOf(counts),
                modes,
                handshake,
                command,
                rate,
                burst,
                threads,
                timeout,
                heap,
                output,
                new Phases(
                        phases,
                        steady,
                        reloadVolumes,
                        reloadFrom,
                        reloadTo,
                        queueFor,
                        latencyHandshake,
                        samples,
                        fairShareOnly,
                        snapshotsOnly));
    }

    /**
     * {@code --heap chart:<limit>} (the default, {@code chart:512m}): the image's JVM flags with the container's memory
     * limit emulated by {@code -XX:MaxRAM} and the chart's CPU limit (one CPU) by {@code -XX:ActiveProcessorCount=1}
     * (in a pod the JVM reads both from its cgroup; the CPU count sizes its compiler and collector threads, Vert.x's
     * event loops and the common fork-join pool); {@code --heap <size>}: {@code -Xmx<size>} instead.
     */
    java.util.List<String> operatorJvmArgs() {
        var args = new java.util.ArrayList<String>();
        if (chartRuntime()) {
            args.addAll(ImageRuntime.jvmFlags());
            args.add("-XX:MaxRAM=" + operatorHeap.substring("chart:".length()));
            args.add("-XX:ActiveProcessorCount=1");
        } else {
            args.addAll(java.util.List.of("-Xmx" + operatorHeap, "-XX:+ExitOnOutOfMemoryError"));
        }
        if (System.getenv("SCALE_BENCH_NMT") != null) {
            args.add("-XX:NativeMemoryTracking=summary"); // costs a little memory itself: for a breakdown only
        }
        return args;
    }

    /** The image's {@code ENV} variables when the operator runs as the chart runs it (glibc's malloc reads one). */
    java.util.Map<String, String> operatorEnvironment() {
        return chartRuntime() ? ImageRuntime.environment() : java.util.Map.of();
    }

    private boolean chartRuntime() {
        return operatorHeap.startsWith("chart:");
    }

    String operatorJvm() {
        var environment = new java.util.ArrayList<String>();
        operatorEnvironment().forEach((name, value) -> environment.add(name + "=" + value));
        environment.addAll(operatorJvmArgs());
        return String.join(" ", environment);
    }

    String describe() {
        String batch =
                "rate %d/s burst %d, handshake latency %d ms, command latency %d ms, %d reconcile threads, operator JVM %s"
                        .formatted(
                                requestsPerSecond,
                                burst,
                                handshakeLatency.toMillis(),
                                commandLatency.toMillis(),
                                reconcileThreads,
                                operatorJvm());
        if (!phases.enabled()) {
            return batch + "; batch only";
        }
        String fairShare = "; fair share: %d volumes of one namespace at %d/s (budget %d), one of another"
                .formatted(FairSharePhase.A_VOLUMES, FairSharePhase.RATE, FairSharePhase.LIMIT);
        String snapshots = "; snapshots: %d snapshots then %d restores at once on a snapshot-enabled pool config"
                .formatted(SnapshotPhase.COUNT, SnapshotPhase.COUNT);
        if (phases.fairShareOnly()) {
            return batch + fairShare + " (that phase only)";
        }
        if (phases.snapshotsOnly()) {
            return batch + snapshots + " (that phase only)";
        }
        return batch
                + "; phases (first mode): steady window %d s, hot reload %d volumes at %d/s then %d/s after %d s,"
                        .formatted(
                                phases.steadyWindow().toSeconds(),
                                phases.reloadVolumes(),
                                phases.reloadFromRate(),
                                phases.reloadToRate(),
                                phases.reloadQueueFor().toSeconds())
                + " latency %d samples with %d ms handshake"
                        .formatted(
                                phases.latencySamples(),
                                phases.latencyHandshake().toMillis())
                + fairShare
                + snapshots;
    }
}
