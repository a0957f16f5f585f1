package io.srvlab.rds.volume;

import static io.srvlab.rds.volume.VolumeFixtures.BASE_PATH;
import static io.srvlab.rds.volume.VolumeFixtures.PLAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatorKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The snapshot layout through a real pool on in-memory sessions: a new volume's own subvolume, a copy that attaches
 * the image its writable snapshot holds (never an empty disk instead), read-only snapshots named by uid, and removal
 * of each after its disk and file.
 */
class VolumeSubvolumesTest {
    private static final String UID = VolumeFixtures.OWNER.volumeUid();
    private static final String DIR = BASE_PATH + "/rdsv-" + UID;
    private static final String NAME = "k8s/rdsv-" + UID;
    private static final byte[] PATTERN = "written before the snapshot".getBytes(StandardCharsets.US_ASCII);

    private final RouterOsSimulator simulator =
            new RouterOsSimulator("127.0.0.1", 0, SimulatorKeys.ed25519(), List.of(), null);
    private final RouterOsClient client = new RouterOsClient(Duration.ofSeconds(5));
    private final VolumeSubvolumes volumes = new VolumeSubvolumes(new VolumeOperations(client));
    private final SnapshotOperations snapshots = new SnapshotOperations(client);
    private RdsPool pool;

    @BeforeEach
    void pool() {
        pool = VolumeFixtures.inMemoryPool("subvolumes", simulator);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private static Instant deadline() {
        return Instant.now().plusSeconds(10);
    }

    private static VolumePlan own() {
        return PLAN.inSubvolume(DIR + "/pvc-ops.img", SubvolumeOrigin.empty("storage-pool", NAME));
    }

    @Test
    void aNewVolumeLivesInItsOwnSubvolumeAndDeletionRemovesDiskFileAndSubvolume() throws Exception {
        ProvisionedDisk disk = volumes.ensure(pool, own(), deadline());
        assertThat(disk.filePath()).isEqualTo(DIR + "/pvc-ops.img");
        assertThat(simulator.rds().subvolume(NAME)).isPresent();

        VolumePlan provisioned = VolumeFixtures.recorded("pvc-ops", disk.filePath(), VolumePlan.History.PROVISIONED);
        assertThat(provisioned.ownSubvolume()).contains(NAME);
        VolumeSubvolumes.Deletion deletion = volumes.delete(pool, provisioned, false, deadline());
        assertThat(deletion.removedSubvolume()).isEqualTo(NAME);
        assertThat(simulator.rds().disks()).isEmpty();
        assertThat(simulator.rds().files()).isEmpty();
        assertThat(simulator.rds().subvolumes()).isEmpty();
    }

    @Test
    void aCopyAttachesTheImageOfItsSnapshotAndIsGrownToItsSize() throws Exception {
        simulator.knobs().existingFileError(null);
        volumes.ensure(pool, own(), deadline());
        simulator.rds().writeImage(DIR + "/pvc-ops.img", 4096, PATTERN);
        String snapshotUid = "5a1e0000-aaaa-bbbb-cccc-000000000001";
        var plan = new SnapshotOperations.SnapshotPlan("storage-pool", NAME, "k8s/rdss-" + snapshotUid, snapshotUid);
        assertThat(snapshots.take(pool, plan, deadline()).readOnly()).isTrue();
        simulator.rds().writeImage(DIR + "/pvc-ops.img", 4096, new byte[PATTERN.length]);

        var owner = new OwnerMarker("c0c0c0c0-1111-2222-3333-444455556666", "apps", "copy", "rds-main");
        String copyDir = BASE_PATH + "/rdsv-" + owner.volumeUid();
        VolumePlan copy = new VolumePlan(
                        "rdsv-" + owner.volumeUid(),
                        "",
                        BASE_PATH,
                        2L << 30,
                        "nqn.2000-02.com.mikrotik:rdsv-" + owner.volumeUid(),
                        4420,
                        owner,
                        "",
                        VolumePlan.History.NEW,
                        false)
                .inSubvolume(
                        copyDir + "/pvc-ops.img",
                        new SubvolumeOrigin("storage-pool", "k8s/rdsv-" + owner.volumeUid(), plan.name(), 1L << 30));
        ProvisionedDisk restored = volumes.ensure(pool, copy, deadline());

        assertThat(restored.capacityBytes()).isEqualTo(2L << 30);
        assertThat(simulator.rds().readImage(copyDir + "/pvc-ops.img", 4096, PATTERN.length))
                .isEqualTo(PATTERN);
        assertThat(simulator
                        .rds()
                        .subvolume("k8s/rdsv-" + owner.volumeUid())
                        .orElseThrow()
                        .readOnly())
                .isFalse();

        snapshots.remove(pool, plan, deadline());
        assertThat(simulator.rds().subvolume(plan.name())).isEmpty();
        assertThat(simulator.rds().readImage(copyDir + "/pvc-ops.img", 4096, PATTERN.length))
                .as("the copy does not depend on the snapshot")
                .isEqualTo(PATTERN);
    }

    @Test
    void aCopyWhoseSubvolumeHoldsNoImageGetsNoEmptyDisk() throws Exception {
        simulator.knobs().existingFileError(null);
        volumes.ensure(pool, own(), deadline());
        var owner = new OwnerMarker("c0c0c0c0-1111-2222-3333-444455556667", "apps", "copy", "rds-main");
        VolumePlan copy = VolumeFixtures.recorded("rdsv-" + owner.volumeUid(), "", VolumePlan.History.NEW)
                .inSubvolume(
                        BASE_PATH + "/rdsv-" + owner.volumeUid() + "/missing.img",
                        new SubvolumeOrigin("storage-pool", "k8s/rdsv-" + owner.volumeUid(), NAME, 1L << 30));

        assertThatThrownBy(() -> volumes.ensure(pool, copy, deadline()))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.SourceImageMissing));
        assertThat(simulator.commandLog()).noneMatch(line -> line.startsWith("/disk add") && line.contains("missing"));
    }

    @Test
    void aSnapshotPlanMustCarryItsObjectsUid() {
        assertThatThrownBy(() -> new SnapshotOperations.SnapshotPlan("storage-pool", NAME, "k8s/rdss-other", "x-1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVolumeInThePlainLayoutHasNoSubvolumeToRemove() throws Exception {
        volumes.ensure(pool, PLAN, deadline());
        VolumePlan provisioned = VolumeFixtures.recorded("pvc-ops", PLAN.filePath(), VolumePlan.History.PROVISIONED);
        assertThat(provisioned.ownSubvolume()).isEmpty();
        assertThat(volumes.delete(pool, provisioned, false, deadline()).removedSubvolume())
                .isNull();
        assertThat(simulator.commandLog()).noneMatch(line -> line.startsWith("/disk/btrfs"));
    }
}
