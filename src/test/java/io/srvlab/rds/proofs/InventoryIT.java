package io.srvlab.rds.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.srvlab.rds.api.RdsPoolConfigStatus;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.testing.MetricsText;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.Readiness;
import io.srvlab.rds.volume.OwnerMarker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One inventory per RDS: settled volumes are checked from it at a constant number of commands per interval, what no
 * volume accounts for is reported and left alone, and a create that cannot fit is refused before any command.
 */
class InventoryIT {
    private static final int VOLUMES = 200;
    private static final Duration CONVERGE = Duration.ofMinutes(4);
    private static final String NS = "inventory";
    private static final String POOL = "inventory";
    private static final String BASE = "/storage-pool/inventory";
    private final ProofEnvironment env = ProofEnvironment.get();
    private final RouterOsSimulator sim = env.simulator();
    private OperatorProcess operator;

    @AfterEach
    void stop() {
        sim.rds().reset();
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void settledVolumesCostAConstantNumberOfCommandsAndOrphansAreReportedNotTouched() throws Exception {
        env.createNamespace(NS);
        operator = env.startOperator("inventory", Map.of("rds.volume.drift-check-interval", "3s"));
        env.createPoolConfig(POOL, BASE, "");
        env.createVolumes(NS, "v", VOLUMES, POOL, "1Gi");
        await(VOLUMES + " volumes Ready")
                .atMost(CONVERGE)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> env.readyCount(NS) == VOLUMES);

        // (1) a settled pool: drift checks (every 3 s here) read the shared inventory (every 2 s); the window holds
        // a drift check of every volume and at least four inventories
        double checksBefore = intactChecks();
        try (var record = CommandRecord.of(sim)) {
            await("a drift check of every volume and four inventories")
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> intactChecks() - checksBefore >= VOLUMES && inventories(record) >= 4);
            long reads = inventories(record);
            long lookups = env.volumes(NS).stream()
                    .mapToLong(v -> record.lookups(v.getStatus().slot()))
                    .sum();
            System.out.printf(
                    "inventory: %d settled volumes, %d commands over %d inventory intervals (%.1f per interval), %d"
                            + " look-ups of single slots%n",
                    VOLUMES, record.size(), reads, (double) record.size() / reads, lookups);
            assertThat(record.size()).as("commands per interval").isLessThanOrEqualTo(3 * (reads + 1));
            assertThat(lookups).as("single-slot look-ups").isZero();
            assertThat(record.mutations()).isEmpty();
        }

        // (2) what no volume accounts for
        String orphanMarker = new OwnerMarker("0b5c2f4e-dead-4bad-8bad-000000000001", NS, "gone", POOL).text();
        sim.rds().putDisk(disk("orphan-1", BASE + "/orphan-1.img").withComment(orphanMarker));
        sim.rds().putDisk(disk("legacy-db", BASE + "/legacy-db.img").withComment("team x database"));
        sim.rds().putFile(BASE + "/detached.img", 1L << 20);
        try (var record = CommandRecord.of(sim)) {
            await("orphan, foreign disk and detached file in status")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> inventory()
                            .filter(i -> i.orphans().count() == 1
                                    && i.foreign().count() == 1
                                    && i.detachedFiles().count() == 1)
                            .isPresent());
            RdsPoolConfigStatus.InventoryStatus found = inventory().orElseThrow();
            assertThat(found.orphans().items()).containsExactly("orphan-1");
            assertThat(found.foreign().items()).containsExactly("legacy-db");
            assertThat(found.detachedFiles().items()).containsExactly(BASE + "/detached.img");
            assertThat(found.disks()).isGreaterThanOrEqualTo(VOLUMES + 2);
            await("metrics").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(operator.metrics())
                    .contains("rds_pool_inventory_orphan_disks{pool=\"" + POOL + "\"} 1.0")
                    .contains("rds_pool_inventory_foreign_disks{pool=\"" + POOL + "\"} 1.0")
                    .contains("rds_pool_inventory_detached_files{pool=\"" + POOL + "\"} 1.0")
                    .contains("rds_pool_capacity_free_bytes{pool=\"" + POOL + "\"}"));
            await("a Warning event").atMost(Duration.ofSeconds(30)).until(() -> orphanEvent()
                    .isPresent());
            assertThat(orphanEvent().orElseThrow().getMessage()).contains("orphan-1");
            assertThat(record.mutationsOf("orphan-1")).isEmpty();
            assertThat(record.mutationsOf("legacy-db")).isEmpty();
            assertThat(record.lines()).noneMatch(l -> l.startsWith("/file remove"));
        }
        assertThat(sim.rds().disk("orphan-1")).isPresent();
        assertThat(sim.rds().files()).containsKey(BASE.substring(1) + "/detached.img");

        // (3) a create that cannot fit is refused before any command
        sim.rds().capacity(sim.rds().totalBytes(), 512L << 20);
        try (var record = CommandRecord.of(sim)) {
            await("an inventory that shows the full filesystem")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> env.poolStatus(POOL)
                                    .map(RdsPoolConfigStatus::server)
                                    .map(s -> s.capacity().freeBytes())
                                    .orElse(0L)
                            <= 512L << 20);
            env.createVolumes(NS, "big", 1, POOL, "1Gi");
            await("NotEnoughSpace").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var big = env.volume(NS, "big-0");
                assertThat(Readiness.ready(big))
                        .as("big-0's Ready condition (status: %s)", big.getStatus())
                        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("NotEnoughSpace"));
            });
            System.out.println("inventory: "
                    + Readiness.ready(env.volume(NS, "big-0")).orElseThrow().getMessage());
            assertThat(record.lines()).noneMatch(l -> l.startsWith("/disk add"));
        }
        sim.rds().capacity(sim.rds().totalBytes(), 100L << 30);
        await("created once the space is there")
                .atMost(Duration.ofMinutes(1))
                .until(() -> Readiness.isReady(env.volume(NS, "big-0")));

        env.deleteAllVolumes(NS, CONVERGE);
        env.deletePoolConfig(POOL);
    }

    /** Drift checks that found their disk intact, as the operator counts them. */
    private double intactChecks() {
        double sum = MetricsText.sum(operator.metrics(), "rds_volume_drift_checks_total", "result=\"intact\"");
        return Double.isNaN(sum) ? 0 : sum;
    }

    private static long inventories(CommandRecord record) {
        return record.lines().stream().filter("/disk print detail"::equals).count();
    }

    private Optional<RdsPoolConfigStatus.InventoryStatus> inventory() {
        return env.poolStatus(POOL).map(RdsPoolConfigStatus::inventory);
    }

    private Optional<Event> orphanEvent() {
        return env.client().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "RdsPoolConfig".equals(e.getInvolvedObject().getKind())
                        && POOL.equals(e.getInvolvedObject().getName())
                        && "OrphanDisksFound".equals(e.getReason()))
                .findFirst();
    }

    private static SimulatedDisk disk(String slot, String filePath) {
        return new SimulatedDisk(slot, filePath, 1L << 30, true, 4420, "nqn.2000-02.com.mikrotik:" + slot, false);
    }
}
