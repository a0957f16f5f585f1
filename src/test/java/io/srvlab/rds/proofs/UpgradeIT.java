package io.srvlab.rds.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.javaoperatorsdk.operator.ReconcilerUtils;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.testing.MetricsText;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.Readiness;
import io.srvlab.rds.volume.OwnerMarker;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the previous operator version left behind: disks without owner markers and Ready RdsVolumes whose status names
 * no server. The new operator stamps each disk with its volume's marker exactly once ({@code /disk set … comment=}),
 * changes nothing else on the RDS, and records the server in each status, which stays Ready.
 */
class UpgradeIT {
    private static final int VOLUMES = 20;
    private static final long GIB = 1L << 30;
    private static final Duration CONVERGE = Duration.ofMinutes(2);
    private static final String NS = "upgrade";
    private static final String POOL = "upgrade";
    private static final String BASE = "/storage-pool/upgrade";
    private static final String PREFIX = "nqn.2000-02.com.mikrotik";

    private final ProofEnvironment env = ProofEnvironment.get();
    private final RouterOsSimulator sim = env.simulator();
    private OperatorProcess operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void unmarkedDisksOfTheOldVersionAreStampedOnceAndNothingElseChanges() throws Exception {
        env.createNamespace(NS);
        env.createPoolConfig(POOL, BASE, "");
        Map<String, RdsVolume> seeded = new LinkedHashMap<>();
        for (int i = 0; i < VOLUMES; i++) {
            RdsVolume volume = leftByTheOldVersion("old-" + i);
            seeded.put(volume.getStatus().slot(), volume);
        }
        Map<String, SimulatedDisk> disksBefore = disks();
        assertThat(disksBefore).hasSize(VOLUMES).allSatisfy((slot, disk) -> assertThat(disk.comment())
                .isEmpty());

        Map<String, List<String>> writes = new ConcurrentHashMap<>();
        try (var record = CommandRecord.of(sim);
                var watch = env.client()
                        .resources(RdsVolume.class)
                        .inNamespace(NS)
                        .watch(new Watcher<>() {
                            @Override
                            public void eventReceived(Action action, RdsVolume v) {
                                if (action == Action.MODIFIED) {
                                    writes.computeIfAbsent(v.getMetadata().getName(), n -> new CopyOnWriteArrayList<>())
                                            .add(v.getStatus().phase() + "/"
                                                    + Readiness.ready(v)
                                                            .map(Condition::getReason)
                                                            .orElse(""));
                                }
                            }

                            @Override
                            public void onClose(WatcherException cause) {}
                        })) {
            long startedAt = System.nanoTime();
            // Drift checks every 3 s here (default 5 min), so that one of every volume after the upgrade comes soon.
            operator = env.startOperator("upgrade", Map.of("rds.volume.drift-check-interval", "3s"));
            await("every status records its server (log: " + operator.log() + ")")
                    .atMost(CONVERGE)
                    .until(() ->
                            env.volumes(NS).stream().allMatch(v -> v.getStatus().server() != null));
            double upgradedAfter = (System.nanoTime() - startedAt) / 1e9;
            double checked = intactChecks(operator);
            OperatorProcess upgraded = operator;
            await("a drift check of every volume after the upgrade")
                    .atMost(CONVERGE)
                    .until(() -> intactChecks(upgraded) >= checked + seeded.size());

            for (var entry : seeded.entrySet()) {
                String slot = entry.getKey();
                RdsVolume old = entry.getValue();
                String marker = new OwnerMarker(
                                old.getMetadata().getUid(),
                                NS,
                                old.getMetadata().getName(),
                                POOL)
                        .text();
                assertThat(record.mutationsOf(slot))
                        .as("changes of disk %s", slot)
                        .containsExactly("/disk set [find slot=\"" + slot
                                + "\" and type=file and comment=\"\"] comment=\"" + marker + "\"");
                SimulatedDisk before = disksBefore.get(slot);
                assertThat(sim.rds().disk(slot)).as("disk %s", slot).contains(before.withComment(marker));

                RdsVolume now = env.volume(NS, old.getMetadata().getName());
                RdsVolumeStatus status = now.getStatus();
                assertThat(status.phase()).isEqualTo(Phase.Ready);
                assertThat(Readiness.ready(now).orElseThrow().getReason()).isEqualTo("Provisioned");
                assertThat(status.slot()).isEqualTo(slot);
                assertThat(status.filePath()).isEqualTo(before.filePath());
                assertThat(status.nqn()).isEqualTo(before.nqn());
                assertThat(status.capacityBytes()).isEqualTo(GIB);
                assertThat(status.adopted()).as("adopted").isNull();
                assertThat(status.server().address()).isEqualTo("127.0.0.1");
                assertThat(status.server().port()).isEqualTo(sim.port());
                assertThat(status.server().hostKeyFingerprint()).startsWith("SHA256:");
                assertThat(now.getMetadata().getFinalizers())
                        .containsExactlyElementsOf(old.getMetadata().getFinalizers());
            }
            assertThat(writes)
                    .as("writes to the volumes, as watched: one each, recording the server")
                    .hasSize(VOLUMES)
                    .allSatisfy((name, seen) -> assertThat(seen).containsExactly("Ready/Provisioned"));
            assertThat(record.mutations()).as("changes on the RDS").hasSize(VOLUMES);
            assertThat(disks().keySet()).isEqualTo(disksBefore.keySet());
            assertThat(env.volumeEvents(NS))
                    .as("events (the Ready reason did not change)")
                    .isEmpty();
            System.out.printf(
                    "upgrade: %d unmarked disks stamped in %.1f s after the start: %d commands, %d changing (all"
                            + " /disk set comment=, one per disk), 0 events%n",
                    VOLUMES, upgradedAfter, record.size(), record.mutations().size());
        }

        env.deleteAllVolumes(NS, CONVERGE);
        VolumeInvariants.assertNothingLeft(sim, BASE);
        env.deletePoolConfig(POOL);
    }

    /**
     * An RdsVolume as the previous version left it: its finalizer, a Ready status without server (written through the
     * status subresource, as that version's operator did), and its disk on the RDS without a comment.
     */
    private RdsVolume leftByTheOldVersion(String name) {
        var volume = new RdsVolume();
        volume.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(NS)
                .withFinalizers(ReconcilerUtils.getDefaultFinalizerName(RdsVolume.class))
                .build());
        volume.setSpec(RdsVolumeSpec.of(POOL, "1Gi", RdsVolumeSpec.DeletionPolicy.Delete, null));
        RdsVolume created = env.client().resource(volume).create();
        String slot = "rdsv-" + created.getMetadata().getUid();
        String filePath = BASE + "/" + slot + ".img";
        String nqn = PREFIX + ":" + slot;
        sim.rds().putDisk(new SimulatedDisk(slot, filePath, GIB, true, 4420, nqn, false));

        long generation = created.getMetadata().getGeneration();
        var ready =
                new Condition("Ready", Condition.TRUE, "Provisioned", "Disk " + slot + " is exported over NVMe/TCP");
        ready.setLastTransitionTime(Instant.now().toString());
        ready.setObservedGeneration(generation);
        created.setStatus(new RdsVolumeStatus(
                Phase.Ready,
                List.of(ready),
                generation,
                slot,
                filePath,
                nqn,
                new RdsVolumeStatus.NvmeTcp("127.0.0.1", 4420),
                GIB,
                "1Gi",
                null,
                null,
                null,
                null));
        return env.client().resource(created).updateStatus();
    }

    private Map<String, SimulatedDisk> disks() {
        return VolumeInvariants.disksUnder(sim, BASE).stream()
                .collect(Collectors.toMap(SimulatedDisk::slot, Function.identity()));
    }

    /** Drift checks that found the volume's own disk, as the operator counts them. */
    static double intactChecks(OperatorProcess operator) {
        double value = MetricsText.sum(operator.metrics(), "rds_volume_drift_checks_total", "result=\"intact\"");
        return Double.isNaN(value) ? 0 : value;
    }
}
