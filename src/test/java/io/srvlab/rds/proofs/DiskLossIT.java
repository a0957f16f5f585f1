package io.srvlab.rds.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.routeros.RouterOsSession;
import io.srvlab.rds.routeros.SshConnector;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.Readiness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A disk removed on the RDS behind the operator's back is reported (Failed/DiskMissing) and never silently replaced:
 * not at later checks, not after an operator restart, not for a {@code spec.recreateMissingDisk} value that was already
 * there before the loss, nor for another value written after it (an old request replayed by a rollback). Only the
 * token the status published at the loss makes a new, empty disk, at the slot, NQN and file path the volume recorded;
 * the volume's Events tell the story.
 *
 * <p>The operator rechecks failed volumes every second here ({@code rds.volume.permanent-failure-recheck}; the default
 * is 10 min), so "any number of checks" can be watched in seconds: each check is one look-up of the slot. Its drift
 * check, which finds the loss, runs every second too (default 5 min).
 */
class DiskLossIT {
    private static final Duration CONVERGE = Duration.ofMinutes(2);
    private static final Map<String, String> RECHECK_EVERY_1S = Map.of(
            "rds.volume.permanent-failure-recheck", "1s",
            "rds.volume.drift-check-interval", "1s");
    private static final String NS = "disk-loss";
    private static final String POOL = "disk-loss";
    private static final String BASE = "/storage-pool/disk-loss";
    private static final String NAME = "data-0";

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
    void aLostDiskStaysMissingThroughChecksAndARestartUntilANewRequest() throws Exception {
        env.createNamespace(NS);
        operator = env.startOperator("disk-loss-first", RECHECK_EVERY_1S);
        env.createPoolConfig(POOL, BASE, "");
        List<String> reasons = new CopyOnWriteArrayList<>();
        try (var record = CommandRecord.of(sim);
                var watch = env.client()
                        .resources(RdsVolume.class)
                        .inNamespace(NS)
                        .watch(new Watcher<>() {
                            @Override
                            public void eventReceived(Action action, RdsVolume v) {
                                Readiness.ready(v).map(Condition::getReason).ifPresent(reason -> {
                                    if (reasons.isEmpty() || !reasons.getLast().equals(reason)) {
                                        reasons.add(reason);
                                    }
                                });
                            }

                            @Override
                            public void onClose(WatcherException cause) {}
                        })) {
            env.createVolumes(NS, "data", 1, POOL, "1Gi");
            awaitReady("the volume Ready");
            // A request written while the disk is fine is not a request to replace a disk lost later.
            env.patchVolume(NS, NAME, "{\"spec\":{\"recreateMissingDisk\":\"before-loss\"}}");
            awaitReady("the edited volume Ready again");
            RdsVolumeStatus provisioned = volume().getStatus();
            String slot = provisioned.slot();
            SimulatedDisk original = sim.rds().disk(slot).orElseThrow();
            assertThat(record.mutationsOf(slot)).singleElement().asString().startsWith("/disk add");

            long lostAt = System.nanoTime();
            try (var connector = new SshConnector(env.rdsTarget());
                    RouterOsSession session = connector.connect()) {
                new RouterOsClient(Duration.ofSeconds(5)).removeDisk(session, slot, original.comment());
            }
            assertThat(sim.rds().disk(slot)).isEmpty();
            List<String> changesAtLoss = record.mutations(); // the first /disk add and our /disk remove
            assertThat(changesAtLoss).hasSize(2);
            assertThat(sim.rds().files())
                    .as("/disk remove keeps the file, as on hardware")
                    .containsKey(provisioned.filePath().substring(1));

            await("DiskMissing reported").atMost(CONVERGE).until(() -> isDiskMissing(volume()));
            double reportedAfter = (System.nanoTime() - lostAt) / 1e9;
            assertThat(Readiness.ready(volume()).orElseThrow().getMessage())
                    .contains("set spec.recreateMissingDisk to the value of status.recreateToken");
            assertThat(volume().getStatus().lastRecreateRequest())
                    .as("the request present at the loss counts as answered")
                    .isEqualTo("before-loss");
            String token = volume().getStatus().recreateToken();
            assertThat(token).as("the token published at the loss").startsWith("recreate-");

            long checksAtReport = record.lookups(slot);
            await("3 more checks of the slot").atMost(CONVERGE).until(() -> record.lookups(slot) >= checksAtReport + 3);
            assertThat(volume()).satisfies(v -> assertThat(isDiskMissing(v)).isTrue());
            assertThat(sim.rds().disk(slot)).isEmpty();

            assertThat(operator.stop(Duration.ofSeconds(20)))
                    .as("exits within 20 s of SIGTERM")
                    .isPresent();
            long checksBeforeRestart = record.lookups(slot);
            operator = env.startOperator("disk-loss-second", RECHECK_EVERY_1S);
            await("the replacement checked the slot")
                    .atMost(CONVERGE)
                    .until(() -> record.lookups(slot) > checksBeforeRestart);
            assertThat(volume()).satisfies(v -> assertThat(isDiskMissing(v)).isTrue());
            assertThat(sim.rds().disk(slot)).isEmpty();
            long checksWhileMissing = record.lookups(slot) - checksAtReport;
            assertThat(record.mutations())
                    .as("changes on the RDS while the disk is missing (none)")
                    .isEqualTo(changesAtLoss);

            assertThat(reasons.subList(reasons.indexOf("DiskMissing"), reasons.size()))
                    .as("Ready reasons from the loss through the restart, as watched")
                    .containsExactly("DiskMissing");

            // A value other than the token (an old request a rollback writes back) asks for nothing.
            env.patchVolume(NS, NAME, "{\"spec\":{\"recreateMissingDisk\":\"after-loss\"}}");
            await("the replayed request seen")
                    .atMost(CONVERGE)
                    .until(() -> java.util.Objects.equals(
                            volume().getStatus().observedGeneration(),
                            volume().getMetadata().getGeneration()));
            assertThat(volume()).satisfies(v -> assertThat(isDiskMissing(v)).isTrue());
            assertThat(volume().getStatus().recreateToken()).isEqualTo(token);
            assertThat(record.mutations())
                    .as("changes for a replayed request (none)")
                    .isEqualTo(changesAtLoss);

            // The first attempt cannot reach the RDS (a reply without exit status): that must not answer the request.
            long faultsBefore = sim.knobs().faultsServed();
            sim.knobs().noExitStatusNext(1);
            long requestedAt = System.nanoTime();
            env.patchVolume(NS, NAME, "{\"spec\":{\"recreateMissingDisk\":\"" + token + "\"}}");
            await("a new disk after the explicit request (operator log: " + operator.log() + ")")
                    .atMost(CONVERGE)
                    .until(() -> Readiness.ready(volume())
                            .filter(c -> Condition.TRUE.equals(c.getStatus()) && "Recreated".equals(c.getReason()))
                            .isPresent());
            double recreatedAfter = (System.nanoTime() - requestedAt) / 1e9;
            assertThat(sim.knobs().faultsServed() - faultsBefore)
                    .as("the injected failure was hit")
                    .isEqualTo(1);
            assertThat(reasons.subList(reasons.indexOf("DiskMissing"), reasons.size()))
                    .as("Ready reasons from the loss to the new disk, as watched")
                    .containsExactly("DiskMissing", "Recreated");
            RdsVolume recreated = volume();
            assertThat(recreated.getStatus().lastRecreateRequest()).isEqualTo(token);
            assertThat(recreated.getStatus().recreateToken()).as("used up").isNull();
            assertThat(recreated.getStatus().phase()).isEqualTo(Phase.Ready);
            assertThat(recreated.getStatus().slot()).isEqualTo(slot);
            assertThat(recreated.getStatus().filePath()).isEqualTo(provisioned.filePath());
            assertThat(recreated.getStatus().nqn()).isEqualTo(provisioned.nqn());
            SimulatedDisk disk = sim.rds().disk(slot).orElseThrow();
            assertThat(disk.filePath()).isEqualTo(original.filePath());
            assertThat(disk.nqn()).isEqualTo(original.nqn());
            assertThat(disk.comment()).isEqualTo(original.comment());
            List<String> adds = record.mutationsOf(slot).stream()
                    .filter(l -> l.startsWith("/disk add"))
                    .toList();
            assertThat(adds).as("the first disk and the requested one").hasSize(2);

            List<String> story = env.volumeEvents(NS).stream()
                    .filter(e -> NAME.equals(e.getInvolvedObject().getName()))
                    .map(e -> e.getType() + "/" + e.getReason())
                    .toList();
            assertThat(story)
                    .as("the volume's events")
                    .containsSubsequence("Normal/Provisioned", "Warning/DiskMissing", "Normal/Recreated");
            assertThat(story.subList(story.indexOf("Warning/DiskMissing"), story.size()))
                    .as("events between the loss and the new disk")
                    .containsExactly("Warning/DiskMissing", "Normal/Recreated");

            System.out.printf(
                    "disk loss: DiskMissing %.1f s after the remove; %d checks of the slot while missing (one restart),"
                            + " 0 disks created; new disk %.1f s after the request; %d commands in all, %d changing;"
                            + " events %s; Ready reasons watched %s%n",
                    reportedAfter,
                    checksWhileMissing,
                    recreatedAfter,
                    record.size(),
                    record.mutations().size(),
                    story,
                    reasons);

            env.deleteAllVolumes(NS, CONVERGE);
            VolumeInvariants.assertNothingLeft(sim, BASE);
        }
        env.deletePoolConfig(POOL);
    }

    private RdsVolume volume() {
        return env.volume(NS, NAME);
    }

    private void awaitReady(String what) {
        await(what).atMost(CONVERGE).until(() -> {
            RdsVolume v = volume();
            return Readiness.isReady(v)
                    && Objects.equals(
                            v.getStatus().observedGeneration(), v.getMetadata().getGeneration());
        });
    }

    private static boolean isDiskMissing(RdsVolume volume) {
        return volume.getStatus() != null
                && volume.getStatus().phase() == Phase.Failed
                && Readiness.ready(volume)
                        .map(Condition::getReason)
                        .filter("DiskMissing"::equals)
                        .isPresent();
    }
}
