package io.srvlab.rds.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.Readiness;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator process is killed with SIGKILL while it creates 200 volumes and deletes 100 others; a replacement
 * (a new pod name, so it first waits out the dead one's leader lease) must bring everything to the same end state
 * as an undisturbed run: the 200 Ready with one disk each, the 100 gone with their disks and files, nothing else.
 */
class CrashRecoveryIT {
    private static final int CREATED = 200;
    private static final int DELETED = 100;
    private static final Duration CONVERGE = Duration.ofMinutes(4);
    private static final String NS = "crash";
    private static final String POOL = "crash";
    private static final String BASE = "/storage-pool/crash";

    private final ProofEnvironment env = ProofEnvironment.get();
    private final RouterOsSimulator sim = env.simulator();
    private OperatorProcess operator;

    private int newDisks(Set<String> oldSlots) {
        return (int) VolumeInvariants.disksUnder(sim, BASE).stream()
                .filter(d -> !oldSlots.contains(d.slot()))
                .count();
    }

    @AfterEach
    void stop() {
        sim.knobs().reset();
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void killedMidCreateAndDeleteThenRestartedConverges() throws Exception {
        env.createNamespace(NS);
        operator = env.startOperator("crash-first");
        env.createPoolConfig(POOL, BASE, "");
        List<String> old = env.createVolumes(NS, "old", DELETED, POOL, "1Gi");
        await(DELETED + " old volumes Ready")
                .atMost(CONVERGE)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> env.readyCount(NS) == DELETED);
        Set<String> oldSlots =
                env.volumes(NS).stream().map(v -> v.getStatus().slot()).collect(Collectors.toSet());

        // Slow the RDS down so the kill lands in the middle of the work, not after it.
        sim.knobs().commandLatency(Duration.ofMillis(40));
        int newDisksAtKill;
        int oldDisksAtKill;
        try (var requests = Executors.newFixedThreadPool(2)) {
            // Deletes and creates go out while the operator already works on them; the kill lands as soon as 20 of
            // the new disks exist, whatever the requests are doing.
            var deletes = requests.submit(() -> old.forEach(name -> env.client()
                    .resources(RdsVolume.class)
                    .inNamespace(NS)
                    .withName(name)
                    .delete()));
            var creates = requests.submit(() -> env.createVolumes(NS, "new", CREATED, POOL, "1Gi"));
            await("the operator is busy with the batch")
                    .atMost(CONVERGE)
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> newDisks(oldSlots) >= 20);
            operator.kill();
            newDisksAtKill = newDisks(oldSlots);
            oldDisksAtKill = VolumeInvariants.disksUnder(sim, BASE).size() - newDisksAtKill;
            await("all requests sent").atMost(CONVERGE).until(() -> deletes.isDone() && creates.isDone());
            deletes.get();
            creates.get();
        }
        assertThat(newDisksAtKill).as("killed in the middle of the creates").isLessThan(CREATED);
        // The slow RDS only placed the kill; the replacement recovers from what the kill left at full speed.
        sim.knobs().commandLatency(Duration.ZERO);

        long restartedAt = System.nanoTime();
        operator = env.startOperator("crash-second");
        await("the replacement converges (log: " + operator.log() + ")")
                .atMost(CONVERGE)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    List<RdsVolume> volumes = env.volumes(NS);
                    return volumes.size() == CREATED && volumes.stream().allMatch(Readiness::isReady);
                });
        Duration recovery = Duration.ofNanos(System.nanoTime() - restartedAt);
        System.out.printf(
                "crash recovery: killed with %d of %d new disks created and %d of %d old disks not yet removed;"
                        + " the replacement converged %d ms after its start%n",
                newDisksAtKill, CREATED, oldDisksAtKill, DELETED, recovery.toMillis());

        List<RdsVolume> volumes = env.volumes(NS);
        assertThat(volumes)
                .allSatisfy(v -> assertThat(v.getMetadata().getName()).startsWith("new-"));
        VolumeInvariants.assertConverged(volumes, sim, BASE, Set.of());
        assertThat(VolumeInvariants.disksUnder(sim, BASE))
                .as("no disk of a deleted volume survives")
                .noneMatch(d -> oldSlots.contains(d.slot()));

        env.deleteAllVolumes(NS, CONVERGE);
        VolumeInvariants.assertNothingLeft(sim, BASE);
        env.deletePoolConfig(POOL);
        assertThat(operator.stop(Duration.ofSeconds(20)))
                .as("exits within 20 s of SIGTERM")
                .isPresent();
    }
}
