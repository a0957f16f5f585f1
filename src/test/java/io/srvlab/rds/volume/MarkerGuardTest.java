package io.srvlab.rds.volume;

import static io.srvlab.rds.volume.VolumeFixtures.OWNER;
import static io.srvlab.rds.volume.VolumeFixtures.PLAN;
import static io.srvlab.rds.volume.VolumeFixtures.adoptable;
import static io.srvlab.rds.volume.VolumeFixtures.deadline;
import static io.srvlab.rds.volume.VolumeFixtures.disk;
import static io.srvlab.rds.volume.VolumeFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.simulator.SimulatedRds;
import io.srvlab.rds.simulator.SimulatorKeys;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Check, then act: the owner marker is read in one command and acted on in another, and someone else (a person on the
 * RDS, another operator's adoption) may change the disk in between. The guard is inside RouterOS too ({@code [find
 * slot=… and comment=…]}), so such a disk is left as the other party left it and the volume is refused.
 */
class MarkerGuardTest {
    private static final String OTHER =
            new OwnerMarker("99999999-1111-2222-3333-444455556666", "evil", "x", "rds-main").text();

    private final RouterOsSimulator simulator =
            new RouterOsSimulator("127.0.0.1", 0, SimulatorKeys.ed25519(), List.of(), null);
    private final VolumeOperations operations = new VolumeOperations(new RouterOsClient(Duration.ofSeconds(5)));
    /** Runs once, just before the first command line that starts with its prefix. */
    private final AtomicReference<Interference> interference = new AtomicReference<>();

    private record Interference(String beforeCommand, Runnable action) {}

    private RdsPool pool;

    @BeforeEach
    void pool() {
        pool = VolumeFixtures.inMemoryPool("guard", simulator, line -> {
            Interference i = interference.get();
            if (i != null && line.startsWith(i.beforeCommand()) && interference.compareAndSet(i, null)) {
                i.action().run();
            }
        });
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private SimulatedRds rds() {
        return simulator.rds();
    }

    /** Before the first {@code command}, the disk in the plan's slot gets another volume's marker. */
    private void remarkedBefore(String command) {
        interference.set(new Interference(command, () -> rds().putDisk(
                        rds().disk(PLAN.slot()).orElseThrow().withComment(OTHER))));
    }

    @Test
    void aDiskMarkedForAnotherVolumeJustBeforeItsRemovalStays() {
        rds().putDisk(disk(PLAN.slot(), PLAN.filePath()).withComment(OWNER.text()));
        remarkedBefore("/disk remove");

        assertThatThrownBy(() -> operations.delete(pool, with(VolumePlan.History.PROVISIONED), true, deadline()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(Refusal.DiskOwnedByAnotherVolume));
        assertThat(rds().disk(PLAN.slot()))
                .hasValueSatisfying(d -> assertThat(d.comment()).isEqualTo(OTHER));
        assertThat(rds().files()).containsKey(PLAN.filePath().substring(1));
    }

    @Test
    void anUnmarkedDiskMarkedByAnotherJustBeforeItsAdoptionIsNotTaken() {
        rds().putDisk(disk(PLAN.slot(), "/storage-pool/legacy/db.img"));
        remarkedBefore("/disk set");

        assertThatThrownBy(() -> operations.ensure(pool, adoptable(), deadline()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(Refusal.DiskOwnedByAnotherVolume));
        assertThat(rds().disk(PLAN.slot()))
                .hasValueSatisfying(d -> assertThat(d.comment()).isEqualTo(OTHER));
    }

    @Test
    void aDiskMarkedForAnotherVolumeJustBeforeItsGrowKeepsItsSize() {
        long small = 512L << 20;
        rds().putDisk(new SimulatedDisk(
                PLAN.slot(), PLAN.filePath(), small, true, PLAN.nvmeTcpPort(), PLAN.nqn(), false, OWNER.text(), ""));
        remarkedBefore("/disk set");

        assertThatThrownBy(() -> operations.ensure(pool, with(VolumePlan.History.PROVISIONED), deadline()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(Refusal.DiskOwnedByAnotherVolume));
        assertThat(rds().disk(PLAN.slot())).hasValueSatisfying(d -> {
            assertThat(d.comment()).isEqualTo(OTHER);
            assertThat(d.fileSizeBytes()).isEqualTo(small);
        });
    }

    @Test
    void aDiskMarkedForAnotherVolumeJustBeforeItsExportRepairKeepsItsExport() {
        rds().putDisk(new SimulatedDisk(
                PLAN.slot(),
                PLAN.filePath(),
                1L << 30,
                false,
                PLAN.nvmeTcpPort(),
                PLAN.nqn(),
                false,
                OWNER.text(),
                ""));
        remarkedBefore("/disk set");

        assertThatThrownBy(() -> operations.check(pool, with(VolumePlan.History.PROVISIONED), deadline()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(Refusal.DiskOwnedByAnotherVolume));
        assertThat(rds().disk(PLAN.slot())).hasValueSatisfying(d -> {
            assertThat(d.comment()).isEqualTo(OTHER);
            assertThat(d.nvmeTcpExport()).isFalse();
        });
    }
}
