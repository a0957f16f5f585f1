package io.srvlab.rds.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsSnapshotSpec;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.api.RdsVolumeSpec.DeletionPolicy;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedSubvolume;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.Readiness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Snapshots and copies on the simulator over SSH, with the packaged operator and a real API server: a pattern written
 * into a volume's image is in the volume restored from its RdsSnapshot (and not what the source holds later), a clone
 * of a volume carries the source's content at that moment, deletion follows each object's policy and leaves no
 * subvolume behind, and a volume made before the pool config opted in answers a snapshot with a reason.
 *
 * <p>The simulator attaches {@code /disk add} to an existing file (the copy a writable snapshot made) and keeps its
 * data: what docs/snapshots.md lists as assumed, to be checked on a real RDS.
 */
class SnapshotIT {
    private static final Duration CONVERGE = Duration.ofMinutes(2);
    private static final String NS = "snapshots";
    private static final String POOL = "snapshots";
    private static final String PLAIN_POOL = "snapshots-plain";
    private static final String BASE = "/storage-pool/snaps";
    private static final long OFFSET = 1L << 20;
    private static final byte[] FIRST = "pattern written before the snapshot".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LATER = "pattern written after the snapshot!".getBytes(StandardCharsets.US_ASCII);

    private final ProofEnvironment env = ProofEnvironment.get();
    private final RouterOsSimulator sim = env.simulator();
    private OperatorProcess operator;

    @AfterEach
    void stop() {
        sim.rds().reset();
        sim.knobs().reset();
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void aRestoredVolumeHoldsWhatItsSourceHeldWhenTheSnapshotWasTaken() throws Exception {
        env.createNamespace(NS);
        sim.knobs().existingFileError(null);
        operator = env.startOperator("snapshots");
        env.createPoolConfig(POOL, BASE, "  snapshots: {method: btrfsSubvolume, filesystem: storage-pool}\n");

        RdsVolume source = readyVolume(volume("source", "1Gi", null));
        String sourceFile = source.getStatus().filePath();
        assertThat(sourceFile)
                .isEqualTo(
                        BASE + "/rdsv-" + uid(source) + "/" + source.getStatus().slot() + ".img");
        assertThat(sim.rds().subvolume("snaps/rdsv-" + uid(source))).isPresent();
        sim.rds().writeImage(sourceFile, OFFSET, FIRST);

        List<String> snapshotCommands;
        try (var record = CommandRecord.of(sim)) {
            create(snapshot("first", "source", DeletionPolicy.Delete));
            RdsSnapshot first = readySnapshot("first");
            snapshotCommands = record.lines();
            assertThat(first.getStatus().rdsName())
                    .isEqualTo("snaps/rdss-" + first.getMetadata().getUid());
            assertThat(first.getStatus().restoreSize()).isEqualTo(1L << 30);
            assertThat(first.getStatus().creationTime()).isNotBlank();
        }
        await("rds_snapshots gauge").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(operator.metrics())
                .contains("rds_snapshots{phase=\"Ready\"} 1.0")
                .contains("rds_snapshots{phase=\"Failed\"} 0.0"));
        System.out.println("snapshot: " + snapshotCommands.size() + " commands " + snapshotCommands);
        assertThat(snapshotCommands)
                .filteredOn(l -> l.startsWith("/disk/btrfs/subvolume/add"))
                .containsExactly("/disk/btrfs/subvolume/add read-only=yes parent=\"snaps/rdsv-" + uid(source)
                        + "\" fs=\"storage-pool\" name=\"snaps/rdss-" + uid(snapshot("first")) + "\"");
        sim.rds().writeImage(sourceFile, OFFSET, LATER);

        List<String> restoreCommands;
        RdsVolume restored;
        try (var record = CommandRecord.of(sim)) {
            restored = readyVolume(volume("restored", "2Gi", new RdsVolumeSpec.Source("first", null)));
            restoreCommands = record.lines();
        }
        System.out.println("restore: " + restoreCommands.size() + " commands " + restoreCommands);
        assertThat(sim.rds().readImage(restored.getStatus().filePath(), OFFSET, FIRST.length))
                .as("the restored volume holds the pattern of the snapshot, not what the source got later")
                .isEqualTo(FIRST);
        assertThat(restored.getStatus().capacityBytes()).isEqualTo(2L << 30);
        assertThat(restored.getStatus().nqn()).isNotEqualTo(source.getStatus().nqn());
        assertThat(restored.getStatus().slot()).isNotEqualTo(source.getStatus().slot());

        RdsVolume clone = readyVolume(volume("clone", "1Gi", new RdsVolumeSpec.Source(null, "source")));
        assertThat(sim.rds().readImage(clone.getStatus().filePath(), OFFSET, LATER.length))
                .as("a clone of a volume carries what the volume holds now")
                .isEqualTo(LATER);

        create(snapshot("kept", "source", DeletionPolicy.Retain));
        String kept = readySnapshot("kept").getStatus().rdsName();
        deleteSnapshot("first");
        deleteSnapshot("kept");
        assertThat(sim.rds().subvolume(kept)).as("Retain keeps the snapshot").isPresent();
        env.deleteAllVolumes(NS, CONVERGE);
        assertThat(sim.rds().subvolumes())
                .as("Delete left no subvolume; only the retained snapshot is there")
                .extracting(SimulatedSubvolume::name)
                .containsExactly(kept);
        assertThat(sim.rds().disks()).isEmpty();
        env.deletePoolConfig(POOL);
    }

    @Test
    void aVolumeMadeBeforeTheOptInKeepsItsLayoutAndSaysWhyItIsNotSnapshotted() {
        env.createNamespace(NS);
        // A refusal that only an edit lifts is looked at again every 2 s here (default 1 min).
        operator = env.startOperator("snapshots-plain", Map.of("rds.snapshot.config-recheck", "2s"));
        env.createPoolConfig(PLAIN_POOL, BASE, "");
        RdsVolume plain = readyVolume(volume("plain", "1Gi", null, PLAIN_POOL));
        create(snapshot("refused", "plain", DeletionPolicy.Delete));
        await("SnapshotsNotEnabled").atMost(CONVERGE).until(() -> reason("refused")
                .filter("SnapshotsNotEnabled"::equals)
                .isPresent());

        env.patchPoolConfig(
                PLAIN_POOL,
                "{\"spec\":{\"snapshots\":{\"method\":\"btrfsSubvolume\",\"filesystem\":" + "\"storage-pool\"}}}");
        await("SourceNotSnapshottable").atMost(CONVERGE).until(() -> reason("refused")
                .filter("SourceNotSnapshottable"::equals)
                .isPresent());
        assertThat(Readiness.isReady(env.volume(NS, "plain")))
                .as("the volume itself is fine")
                .isTrue();
        assertThat(env.volume(NS, "plain").getStatus().filePath())
                .isEqualTo(plain.getStatus().filePath());
        assertThat(sim.rds().subvolumes()).isEmpty();
        deleteSnapshot("refused");
        env.deleteAllVolumes(NS, CONVERGE);
        env.deletePoolConfig(PLAIN_POOL);
    }

    private RdsVolume volume(String name, String size, RdsVolumeSpec.Source source) {
        return volume(name, size, source, POOL);
    }

    private RdsVolume volume(String name, String size, RdsVolumeSpec.Source source, String pool) {
        var volume = new RdsVolume();
        volume.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        volume.setSpec(new RdsVolumeSpec(pool, size, null, null, null, null, null, source));
        return env.client().resource(volume).create();
    }

    private RdsVolume readyVolume(RdsVolume created) {
        String name = created.getMetadata().getName();
        await(name + " Ready")
                .atMost(CONVERGE)
                .failFast(() -> Readiness.ready(env.volume(NS, name))
                        .filter(c ->
                                "False".equals(c.getStatus()) && c.getReason().startsWith("Source"))
                        .filter(c -> !c.getReason().equals("SourceNotReady"))
                        .isPresent())
                .until(() -> Readiness.isReady(env.volume(NS, name)));
        return env.volume(NS, name);
    }

    private static RdsSnapshot snapshot(String name, String volume, DeletionPolicy policy) {
        var snapshot = new RdsSnapshot();
        snapshot.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        snapshot.setSpec(new RdsSnapshotSpec(new RdsSnapshotSpec.Source(volume), policy));
        return snapshot;
    }

    private void create(RdsSnapshot snapshot) {
        env.client().resource(snapshot).create();
    }

    private RdsSnapshot snapshot(String name) {
        return env.client()
                .resources(RdsSnapshot.class)
                .inNamespace(NS)
                .withName(name)
                .get();
    }

    private RdsSnapshot readySnapshot(String name) {
        await(name + " ready to use")
                .atMost(CONVERGE)
                .until(() -> snapshot(name).getStatus() != null
                        && Boolean.TRUE.equals(snapshot(name).getStatus().readyToUse()));
        return snapshot(name);
    }

    private Optional<String> reason(String snapshot) {
        RdsSnapshot s = snapshot(snapshot);
        return s == null || s.getStatus() == null || s.getStatus().conditions() == null
                ? Optional.empty()
                : s.getStatus().conditions().stream()
                        .filter(c -> "Ready".equals(c.getType()))
                        .map(Condition::getReason)
                        .findFirst();
    }

    private void deleteSnapshot(String name) {
        env.client().resources(RdsSnapshot.class).inNamespace(NS).withName(name).delete();
        await(name + " gone").atMost(CONVERGE).until(() -> snapshot(name) == null);
    }

    private static String uid(io.fabric8.kubernetes.api.model.HasMetadata object) {
        return object.getMetadata().getUid();
    }
}
