package io.srvlab.rds.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.simulator.SimulatorKeys;
import io.srvlab.rds.testing.OperatorInstallation;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.OperatorTestEnvironment;
import io.srvlab.rds.testing.Readiness;
import io.srvlab.rds.testing.SimulatorFixture;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A volume's identity is fixed when it is created. Editing the pool config's basePath and nqnPrefix changes only new
 * volumes: the existing ones keep their file path and NQN, in status and on the RDS, and no command touches them.
 * Pointing the pool config at another RDS (another host key, pinned) makes the existing volumes report ServerChanged:
 * nothing is created for them on the new RDS, and deleting one is blocked, not carried out anywhere. Pointed back and
 * deleted at once, they are removed from the first RDS, with no command on the second.
 */
class PoolConfigEditIT {
    private static final Duration CONVERGE = Duration.ofMinutes(2);
    private static final int OLD = 5;
    private static final String NS = "pool-edit";
    private static final String POOL = "pool-edit";
    private static final String BASE = "/storage-pool/pool-edit";
    private static final String NEW_BASE = "/storage-pool/pool-edit-moved";
    private static final String NEW_PREFIX = "nqn.2026-01.io.srvlab.edited";
    private static final String SECOND_SECRET = "pool-edit-second-rds";

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
    void existingVolumesKeepTheirIdentityThroughPoolConfigEdits() throws Exception {
        env.createNamespace(NS);
        // Drift checks every 3 s here (default 5 min): they are what looks at the old volumes after each edit; a
        // blocked deletion is tried again every 3 s (default 30 s).
        operator = env.startOperator(
                "pool-edit", Map.of("rds.volume.drift-check-interval", "3s", "rds.volume.blocked-recheck", "3s"));
        env.createPoolConfig(POOL, BASE, "");
        env.createVolumes(NS, "old", OLD, POOL, "1Gi");
        await(OLD + " volumes Ready").atMost(CONVERGE).until(() -> env.readyCount(NS) == OLD);
        Map<String, RdsVolumeStatus> before = statuses();
        Set<String> oldSlots =
                before.values().stream().map(RdsVolumeStatus::slot).collect(Collectors.toSet());
        List<SimulatedDisk> disksBefore = VolumeInvariants.disksUnder(sim, BASE);
        assertThat(disksBefore).hasSize(OLD);

        // 1. basePath and nqnPrefix edited under existing volumes.
        try (var record = CommandRecord.of(sim)) {
            long editedAt = System.nanoTime();
            env.patchPoolConfig(
                    POOL,
                    "{\"spec\":{\"volumeDefaults\":{\"basePath\":\"" + NEW_BASE + "\",\"nqnPrefix\":\"" + NEW_PREFIX
                            + "\"}}}");
            double checked = UpgradeIT.intactChecks(operator);
            await("two drift checks of every old volume after the edit")
                    .atMost(CONVERGE)
                    .until(() -> UpgradeIT.intactChecks(operator) >= checked + 2 * OLD);
            env.createVolumes(NS, "new", 1, POOL, "1Gi");
            await("the new volume Ready").atMost(CONVERGE).until(() -> env.readyCount(NS) == OLD + 1);
            RdsVolumeStatus created = env.volume(NS, "new-0").getStatus();
            assertThat(created.filePath()).isEqualTo(NEW_BASE + "/" + created.slot() + ".img");
            assertThat(created.nqn()).isEqualTo(NEW_PREFIX + ":" + created.slot());
            assertThat(sim.rds().disk(created.slot()).orElseThrow().filePath()).isEqualTo(created.filePath());

            Map<String, RdsVolumeStatus> after = statuses();
            for (var old : before.entrySet()) {
                RdsVolumeStatus now = after.get(old.getKey());
                assertThat(now.filePath())
                        .as("file path of %s", old.getKey())
                        .isEqualTo(old.getValue().filePath());
                assertThat(now.nqn())
                        .as("NQN of %s", old.getKey())
                        .isEqualTo(old.getValue().nqn());
                assertThat(now).as("status of %s", old.getKey()).isEqualTo(old.getValue());
            }
            for (String slot : oldSlots) {
                assertThat(record.mutationsOf(slot))
                        .as("changes of old disk %s", slot)
                        .isEmpty();
            }
            assertThat(record.mutations())
                    .as("changes on the RDS: the new volume's disk only")
                    .singleElement()
                    .asString()
                    .startsWith("/disk add")
                    .contains(created.slot());
            assertThat(VolumeInvariants.disksUnder(sim, BASE))
                    .as("old disks on the RDS")
                    .isEqualTo(disksBefore);
            System.out.printf(
                    "pool config edit: basePath and nqnPrefix changed under %d volumes; %.1f s, %d commands, %d"
                            + " changing (the new volume's /disk add), old statuses and disks unchanged%n",
                    OLD,
                    (System.nanoTime() - editedAt) / 1e9,
                    record.size(),
                    record.mutations().size());
        }

        // 2. The pool config now points at another RDS.
        KeyPair secondHost = SimulatorKeys.ed25519();
        KeyPair secondClient = SimulatorKeys.ed25519();
        OperatorTestEnvironment.writeKeySecret(
                env.client(), OperatorInstallation.NAMESPACE, SECOND_SECRET, secondClient);
        try (var second = new RouterOsSimulator(
                                "127.0.0.1", 0, secondHost, List.of(secondClient.getPublic()), SimulatorFixture.USER)
                        .start();
                var onFirst = CommandRecord.of(sim);
                var onSecond = CommandRecord.of(second)) {
            long switchedAt = System.nanoTime();
            env.patchPoolConfig(
                    POOL,
                    serverPatch(second.port(), SimulatorKeys.publicKeyLine(secondHost.getPublic()), SECOND_SECRET));
            await("every volume reports ServerChanged (log: " + operator.log() + ")")
                    .atMost(CONVERGE)
                    .until(() -> env.volumes(NS).stream().allMatch(v -> hasReason(v, "ServerChanged")));
            double reportedAfter = (System.nanoTime() - switchedAt) / 1e9;
            await("the pool config Ready against the second RDS")
                    .atMost(CONVERGE)
                    .until(() -> Readiness.isReady(env.poolConfig(POOL)) && second.commands() > 0);
            assertThat(env.volumes(NS))
                    .allSatisfy(v -> assertThat(v.getStatus().phase()).isEqualTo(Phase.Failed));

            String victim = "old-0";
            env.client()
                    .resources(RdsVolume.class)
                    .inNamespace(NS)
                    .withName(victim)
                    .delete();
            await("deletion of " + victim + " blocked").atMost(CONVERGE).until(() -> {
                RdsVolume v = env.volume(NS, victim);
                return v != null && v.getStatus().phase() == Phase.Deleting && hasReason(v, "ServerChanged");
            });
            assertThat(Readiness.ready(env.volume(NS, victim)).orElseThrow().getMessage())
                    .contains("cannot be removed");
            assertThat(onSecond.mutations()).as("changes on the second RDS").isEmpty();
            assertThat(onFirst.mutations())
                    .as("changes on the first RDS after the switch")
                    .isEmpty();
            assertThat(second.rds().disks()).as("disks on the second RDS").isEmpty();
            assertThat(VolumeInvariants.disksUnder(sim, BASE))
                    .as("old disks on the first RDS")
                    .isEqualTo(disksBefore);
            System.out.printf(
                    "pool config server change: ServerChanged on all %d volumes %.1f s after the switch; second RDS"
                            + " received %d commands, %d changing; first RDS %d changing; deletion of %s blocked%n",
                    OLD + 1,
                    reportedAfter,
                    onSecond.size(),
                    onSecond.mutations().size(),
                    onFirst.mutations().size(),
                    victim);

            // 3. Back to the first RDS, and every volume deleted at once: the volumes see the edited spec before the
            // pool config's reconciler has moved the pool back, so this runs deletions while the pool may still talk
            // to the second RDS. They must wait for it and then remove the disks on the first RDS only.
            env.patchPoolConfig(POOL, serverPatch(sim.port(), env.hostKeyLine(), OperatorTestEnvironment.SECRET));
            env.deleteAllVolumes(NS, CONVERGE);
            assertThat(onSecond.mutations())
                    .as("changes on the second RDS, ever")
                    .isEmpty();
        }
        VolumeInvariants.assertNothingLeft(sim, BASE);
        VolumeInvariants.assertNothingLeft(sim, NEW_BASE);
        env.deletePoolConfig(POOL);
        env.client()
                .secrets()
                .inNamespace(OperatorInstallation.NAMESPACE)
                .withName(SECOND_SECRET)
                .delete();
    }

    private static String serverPatch(int port, String hostKey, String secret) {
        return "{\"spec\":{\"server\":{\"port\":" + port + ",\"hostKey\":\"" + hostKey
                + "\",\"privateKeySecretRef\":{\"namespace\":\"" + OperatorInstallation.NAMESPACE + "\",\"name\":\""
                + secret + "\"}}}}";
    }

    private Map<String, RdsVolumeStatus> statuses() {
        return env.volumes(NS).stream()
                .filter(v -> v.getMetadata().getName().startsWith("old-"))
                .collect(Collectors.toMap(v -> v.getMetadata().getName(), RdsVolume::getStatus));
    }

    private static boolean hasReason(RdsVolume volume, String reason) {
        return Readiness.ready(volume)
                .filter(c -> Condition.FALSE.equals(c.getStatus()) && Objects.equals(reason, c.getReason()))
                .isPresent();
    }
}
