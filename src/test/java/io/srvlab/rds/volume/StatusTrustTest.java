package io.srvlab.rds.volume;

import static io.srvlab.rds.volume.VolumeFixtures.deadline;
import static io.srvlab.rds.volume.VolumeFixtures.disk;
import static io.srvlab.rds.volume.VolumeFixtures.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.simulator.SimulatorKeys;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A volume's status (slot, file path, server) is written by the operator, but whoever may write {@code
 * rdsvolumes/status} can put anything there. Such a status never aims a {@code /file remove} at a file that is not at
 * {@code <basePath>/<slot>.img} of the volume's pool config (base path {@code /storage-pool/k8s} here), and never makes
 * an unmarked disk elsewhere the volume's own.
 */
class StatusTrustTest {
    /** Another tenant's detached image (its disk retained elsewhere, or a backup): no disk uses it. */
    private static final String VICTIM_FILE = "/storage-pool/k8s/backup-of-db.img";

    private final RouterOsSimulator simulator =
            new RouterOsSimulator("127.0.0.1", 0, SimulatorKeys.ed25519(), List.of(), null);
    private final VolumeOperations operations = new VolumeOperations(new RouterOsClient(Duration.ofSeconds(5)));
    private RdsPool pool;

    @BeforeEach
    void pool() {
        pool = VolumeFixtures.inMemoryPool("status", simulator);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aRecordedFilePathElsewhereIsNotRemovedOnDeletion() throws Exception {
        for (String victim : List.of(VICTIM_FILE, "/storage-pool/other-tenant/db.img")) {
            simulator.rds().putFile(victim, 1L << 30);
            var deletion = operations.delete(
                    pool, recorded("gone-disk", victim, VolumePlan.History.PROVISIONED), true, deadline());
            assertThat(deletion.removedFile()).as(victim).isNull();
            assertThat(deletion.leftAlone()).as(victim).contains(victim);
            assertThat(simulator.rds().files()).containsKey(victim.substring(1));
        }
        assertThat(VolumeFixtures.mutations(simulator)).isEmpty();
    }

    @Test
    void aRequestedRecreateRemovesNoFileElsewhere() {
        simulator.rds().putFile(VICTIM_FILE, 1L << 30);
        assertThatThrownBy(() -> operations.ensure(
                        pool, recorded("gone-disk", VICTIM_FILE, VolumePlan.History.RECREATE_REQUESTED), deadline()))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.FileExists));
        assertThat(simulator.rds().files()).containsKey(VICTIM_FILE.substring(1));
        assertThat(VolumeFixtures.mutations(simulator)).isEmpty();
    }

    @Test
    void aStatusFromBeforeMarkersDoesNotMakeAnUnmarkedDiskElsewhereTheVolumes() {
        SimulatedDisk victim = disk("legacy-db", "/storage-pool/other-tenant/legacy-db.img");
        simulator.rds().putDisk(victim);
        var forged = recorded("legacy-db", victim.filePath(), VolumePlan.History.PROVISIONED_BEFORE_MARKERS);

        assertThatThrownBy(() -> operations.ensure(pool, forged, deadline()))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.DiskNotOwned));
        assertThatThrownBy(() -> operations.delete(pool, forged, true, deadline()))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.DiskNotOwned));
        assertThat(simulator.rds().disk("legacy-db")).contains(victim);
        assertThat(VolumeFixtures.mutations(simulator)).isEmpty();
    }
}
