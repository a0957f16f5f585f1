package io.srvlab.rds.scale;

import io.fabric8.kubernetes.client.Watch;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.testing.Namespaces;
import io.srvlab.rds.testing.Readiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The latency a user feels: one volume at a time applied to an idle operator, until it is Ready, through the run's
 * pool and through a second pool config that opens a new connection per lease ({@link PoolMode#NO_POOL}), with the
 * simulator's handshake latency raised for the phase. Runs before the batch, in a namespace of its own.
 */
final class LatencyPhase {
    private static final Duration SAMPLE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration PAUSE = Duration.ofSeconds(2);

    private record Sample(double seconds, Work work) {}

    private final ScaleRun run;

    LatencyPhase(ScaleRun run) {
        this.run = run;
    }

    List<PhaseRow> run() throws Exception {
        var phase = run.phaseOptions();
        var client = run.client();
        String namespace = run.name() + "-lat";
        String noPool = run.name() + "-np";
        Namespaces.ensure(client, namespace);
        run.createPoolConfig(noPool, PoolMode.NO_POOL);
        var watch = new VolumeWatch();
        List<Sample> pooled = new ArrayList<>();
        List<Sample> fresh = new ArrayList<>();
        try (Watch w = client.resources(RdsVolume.class).inNamespace(namespace).watch(watch)) {
            if (!run.poll(Duration.ofMinutes(2), () -> Readiness.isReady(run.poolConfig(noPool)))) {
                throw new IllegalStateException("RdsPoolConfig " + noPool + " not Ready after 2 min");
            }
            run.simulator().knobs().handshakeLatency(phase.latencyHandshake());
            for (int i = 0; i < phase.latencySamples(); i++) {
                pooled.add(sample(namespace, "pool-" + i, run.name(), watch));
                fresh.add(sample(namespace, "conn-" + i, noPool, watch));
            }
        } finally {
            run.simulator().knobs().handshakeLatency(run.options().handshakeLatency());
            client.resources(RdsVolume.class).inNamespace(namespace).delete();
            run.poll(Duration.ofMinutes(2), () -> client.resources(RdsVolume.class)
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .isEmpty());
            client.resources(io.srvlab.rds.api.RdsPoolConfig.class)
                    .withName(noPool)
                    .delete();
            client.namespaces().withName(namespace).delete();
        }
        String handshake = phase.latencyHandshake().toMillis() + " ms handshake";
        return List.of(
                row("single volume Ready on an idle operator, " + label(run.mode()) + ", " + handshake, pooled),
                row("single volume Ready on an idle operator, " + label(PoolMode.NO_POOL) + ", " + handshake, fresh));
    }

    private Sample sample(String namespace, String prefix, String pool, VolumeWatch watch) throws Exception {
        Thread.sleep(PAUSE.toMillis()); // the previous volume's writes are done; the operator is idle
        Work before = work(pool, watch);
        long start = System.nanoTime();
        String volume = run.createVolume(namespace, prefix, pool);
        if (!run.poll(SAMPLE_TIMEOUT, () -> watch.readyAt(volume) != null)) {
            throw new IllegalStateException(volume + " not Ready after " + SAMPLE_TIMEOUT.toSeconds() + " s");
        }
        Work work = work(pool, watch).minus(before);
        return new Sample((watch.readyAt(volume) - start) / 1e9, work);
    }

    private Work work(String pool, VolumeWatch watch) {
        var sim = run.simulator();
        return new Work(
                Math.round(ScaleRun.leases(run.operator().metrics(), pool)),
                sim.commands(),
                sim.handshakes(),
                watch.apiWrites());
    }

    private PhaseRow row(String what, List<Sample> samples) {
        List<Sample> sorted = samples.stream()
                .sorted(Comparator.comparingDouble(Sample::seconds))
                .toList();
        Sample median = sorted.get(sorted.size() / 2);
        // one volume's leases run one after the other: a concurrency of 1
        Bound.Limits limits = run.limits().withHandshake(run.phaseOptions().latencyHandshake(), 1);
        String all = samples.stream()
                .map(s -> String.format(Locale.ROOT, "%.2f", s.seconds()))
                .collect(Collectors.joining(", "));
        return new PhaseRow(
                what,
                1,
                median.seconds(),
                median.work(),
                Bound.of(limits, median.work()),
                "median of " + samples.size() + " (" + all + " s, in order)");
    }

    private static String label(PoolMode mode) {
        return mode.name() + " (" + mode.maxSize() + "/" + mode.maxIdle() + ")";
    }
}
