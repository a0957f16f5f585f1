package io.srvlab.rds.scale;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsSnapshotSpec;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.api.RdsVolumeSpec.DeletionPolicy;
import io.srvlab.rds.testing.Namespaces;
import io.srvlab.rds.testing.Readiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Snapshots and restores at scale: on a snapshot-enabled pool config of its own (same simulator, the run's rate), one
 * source volume, then {@value #COUNT} RdsSnapshots of it applied at once until all are ready to use, then
 * {@value #COUNT} volumes restored from them applied at once until all are Ready. Measured per batch: the time, the time
 * per snapshot and per restore, and the RouterOS commands per snapshot and per restore (expected O(1): the same few
 * commands each, whatever else the RDS holds); the command lines of one snapshot and one restore are printed. Runs
 * after the batch, in a namespace of its own, and deletes what it made.
 */
final class SnapshotPhase {
    static final int COUNT = 20;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);
    private static final String BASE_PATH = "/storage-pool/scale-snap";

    private final ScaleRun run;

    SnapshotPhase(ScaleRun run) {
        this.run = run;
    }

    List<PhaseRow> run() throws Exception {
        var client = run.client();
        String pool = run.name() + "-snap";
        String namespace = run.name() + "-snap";
        Namespaces.ensure(client, namespace);
        client.resource(poolConfigYaml(pool)).create();
        // a restore attaches the image its writable snapshot holds (assumed behaviour, docs/snapshots.md)
        run.simulator().knobs().existingFileError(null);
        var watch = new VolumeWatch();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try (Watch w = client.resources(RdsVolume.class).inNamespace(namespace).watch(watch);
                AutoCloseable listening = run.simulator().listen(lines::add)) {
            require(run.poll(STEP_TIMEOUT, () -> Readiness.isReady(run.poolConfig(pool))), pool + " Ready");
            String source = run.createVolume(namespace, "source", pool);
            require(run.poll(STEP_TIMEOUT, () -> watch.readyAt(source) != null), source + " Ready");

            lines.clear();
            Work before = work(pool, watch);
            long start = System.nanoTime();
            List<String> snapshots = IntStream.range(0, COUNT)
                    .mapToObj(i -> createSnapshot(namespace, "snap-" + i, source))
                    .toList();
            require(
                    run.poll(STEP_TIMEOUT, () -> snapshots.stream().allMatch(s -> readyToUse(namespace, s))),
                    COUNT + " snapshots ready to use");
            double snapshotSeconds = (System.nanoTime() - start) / 1e9;
            Work snapshotWork = work(pool, watch).minus(before);
            List<String> snapshotLines = List.copyOf(lines);
            String oneSnapshot = snapshotUid(namespace, snapshots.getFirst());
            List<String> ofOneSnapshot = only(snapshotLines, l -> l.contains(oneSnapshot));

            lines.clear();
            before = work(pool, watch);
            start = System.nanoTime();
            List<String> restores = IntStream.range(0, COUNT)
                    .mapToObj(i -> createRestore(namespace, "restore-" + i, pool, snapshots.get(i)))
                    .toList();
            require(
                    run.poll(STEP_TIMEOUT, () -> restores.stream().allMatch(r -> watch.readyAt(r) != null)),
                    COUNT + " restored volumes Ready");
            double restoreSeconds = (watch.lastReadyNanos() - start) / 1e9;
            Work restoreWork = work(pool, watch).minus(before);
            List<String> restoreLines = List.copyOf(lines);
            RdsVolume oneRestore = client.resources(RdsVolume.class)
                    .inNamespace(namespace)
                    .withName(restores.getFirst())
                    .get();
            List<String> ofOneRestore = only(
                    restoreLines,
                    l -> l.contains(oneRestore.getMetadata().getUid())
                            || l.contains("\"" + oneRestore.getStatus().slot() + "\""));

            run.log(
                    "snapshots: %d in %.2f s, commands: %s",
                    COUNT, snapshotSeconds, CommandKinds.summarize(snapshotLines));
            run.log("one snapshot's %d commands:%n    %s", ofOneSnapshot.size(), String.join("\n    ", ofOneSnapshot));
            run.log(
                    "restores: %d in %.2f s, commands: %s",
                    COUNT, restoreSeconds, CommandKinds.summarize(restoreLines));
            run.log("one restore's %d commands:%n    %s", ofOneRestore.size(), String.join("\n    ", ofOneRestore));
            String load = ScaleBench.loadAverage();
            return List.of(
                    row("snapshots", snapshotSeconds, snapshotWork, ofOneSnapshot.size(), snapshotLines, load),
                    row("restores", restoreSeconds, restoreWork, ofOneRestore.size(), restoreLines, load));
        } finally {
            cleanUp(pool, namespace);
            run.simulator().knobs().existingFileError("failure: file already exists");
        }
    }

    /** This pool config's leases, every command and handshake at the simulator, writes seen on the phase's volumes. */
    private Work work(String pool, VolumeWatch watch) {
        var sim = run.simulator();
        return new Work(
                Math.round(ScaleRun.leases(run.operator().metrics(), pool)),
                sim.commands(),
                sim.handshakes(),
                watch.apiWrites());
    }

    private static PhaseRow row(
            String what, double seconds, Work work, int commandsOfOne, List<String> lines, String load) {
        return new PhaseRow(
                COUNT + " " + what + " applied at once (snapshot-enabled pool config)",
                COUNT,
                seconds,
                work,
                null,
                String.format(
                        Locale.ROOT,
                        "%.3f s and %.1f commands per %s; one of them: %d commands; all: %s; load %s",
                        seconds / COUNT,
                        work.commands() / (double) COUNT,
                        what.substring(0, what.length() - 1),
                        commandsOfOne,
                        CommandKinds.summarize(lines),
                        load));
    }

    private String createSnapshot(String namespace, String name, String volume) {
        var snapshot = new RdsSnapshot();
        snapshot.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        snapshot.setSpec(new RdsSnapshotSpec(new RdsSnapshotSpec.Source(volume), DeletionPolicy.Delete));
        run.client().resource(snapshot).create();
        return name;
    }

    private String createRestore(String namespace, String name, String pool, String snapshot) {
        var volume = new RdsVolume();
        volume.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        volume.setSpec(new RdsVolumeSpec(
                pool, "1Gi", DeletionPolicy.Delete, null, null, null, null, new RdsVolumeSpec.Source(snapshot, null)));
        run.client().resource(volume).create();
        return name;
    }

    private boolean readyToUse(String namespace, String name) {
        RdsSnapshot snapshot = run.client()
                .resources(RdsSnapshot.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        return snapshot != null
                && snapshot.getStatus() != null
                && Boolean.TRUE.equals(snapshot.getStatus().readyToUse());
    }

    private String snapshotUid(String namespace, String name) {
        return run.client()
                .resources(RdsSnapshot.class)
                .inNamespace(namespace)
                .withName(name)
                .get()
                .getMetadata()
                .getUid();
    }

    private static List<String> only(List<String> lines, Predicate<String> keep) {
        return lines.stream().filter(keep).toList();
    }

    /** Volumes first (restores, then the source), then snapshots; a clean-up that fails is logged, figures kept. */
    private void cleanUp(String pool, String namespace) {
        var client = run.client();
        try {
            client.resources(RdsVolume.class).inNamespace(namespace).delete();
            client.resources(RdsSnapshot.class).inNamespace(namespace).delete();
            boolean gone = run.poll(
                    Duration.ofMinutes(5),
                    () -> client.resources(RdsVolume.class)
                                    .inNamespace(namespace)
                                    .list()
                                    .getItems()
                                    .isEmpty()
                            && client.resources(RdsSnapshot.class)
                                    .inNamespace(namespace)
                                    .list()
                                    .getItems()
                                    .isEmpty());
            if (!gone) {
                run.log("snapshots: volumes or snapshots not gone after 5 min; the pool config is left");
                return;
            }
            client.resources(RdsPoolConfig.class).withName(pool).delete();
            run.poll(Duration.ofMinutes(1), () -> run.poolConfig(pool) == null);
            client.namespaces().withName(namespace).delete();
        } catch (RuntimeException e) {
            run.log("snapshots: clean-up failed (%s); the next run may see leftovers", e);
        }
    }

    private String poolConfigYaml(String pool) {
        return run.poolConfigYaml(
                pool,
                BASE_PATH,
                run.mode().maxSize(),
                run.mode().maxIdle(),
                run.options().requestsPerSecond(),
                run.options().burst(),
                "  snapshots: {method: btrfsSubvolume, filesystem: storage-pool}\n");
    }

    private static void require(boolean reached, String what) {
        if (!reached) {
            throw new IllegalStateException(what + " not reached within " + STEP_TIMEOUT.toMinutes() + " min");
        }
    }
}
