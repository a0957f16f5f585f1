package io.srvlab.rds.volume;

import static io.srvlab.rds.volume.VolumeFixtures.OWNER;
import static io.srvlab.rds.volume.VolumeFixtures.PLAN;
import static io.srvlab.rds.volume.VolumeFixtures.adoptable;
import static io.srvlab.rds.volume.VolumeFixtures.adoptableProvisioned;
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
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which disks and files volume work creates, adopts, marks, removes or refuses to touch: through a real pool on
 * in-memory sessions over the simulator (no SSH; the transport cases are in {@link VolumeOperationsOverSshTest}).
 */
class VolumeOperationsTest {
    private static final KeyPair KEY = SimulatorKeys.ed25519();

    private final RouterOsSimulator simulator = new RouterOsSimulator("127.0.0.1", 0, KEY, List.of(), null);
    private final VolumeOperations operations = new VolumeOperations(new RouterOsClient(Duration.ofSeconds(5)));
    private RdsPool pool;

    @BeforeEach
    void pool() {
        pool = VolumeFixtures.inMemoryPool("ops", simulator);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private SimulatedRds rds() {
        return simulator.rds();
    }

    private List<String> mutations() {
        return VolumeFixtures.mutations(simulator);
    }

    @Test
    void aDiskMarkedForAnotherVolumeIsNeverTouched() throws Exception {
        String other = new OwnerMarker("99999999-1111-2222-3333-444455556666", "evil", "x", "rds-main").text();
        rds().putDisk(disk(PLAN.slot(), PLAN.filePath()).withComment(other));
        for (VolumePlan plan : List.of(PLAN, with(VolumePlan.History.PROVISIONED), adoptable())) {
            assertThatThrownBy(() -> operations.ensure(pool, plan, deadline()))
                    .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                            .isEqualTo(Refusal.DiskOwnedByAnotherVolume));
        }
        assertThatThrownBy(() -> operations.delete(pool, with(VolumePlan.History.PROVISIONED), true, deadline()))
                .as("a provisioned volume whose slot holds another's disk: blocked")
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(Refusal.DiskOwnedByAnotherVolume));
        assertThat(operations.delete(pool, PLAN, true, deadline()).leftAlone())
                .as("a volume that never had a disk: nothing to remove, and no word of whose disk it is")
                .contains("the owner marker of another RdsVolume")
                .doesNotContain("evil/x");
        assertThat(mutations()).isEmpty();
        assertThat(rds().disks()).singleElement().satisfies(d -> assertThat(d.comment())
                .isEqualTo(other));
    }

    @Test
    void aNewVolumeThatNeverHadTheDiskLeavesItAloneOnDeletion() throws Exception {
        rds().putDisk(disk(PLAN.slot(), PLAN.filePath()).withComment("team x database"));
        var deletion = operations.delete(pool, PLAN, false, deadline());
        assertThat(deletion.diskRemoved()).isFalse();
        assertThat(deletion.removedFile()).isNull();
        assertThat(deletion.leftAlone())
                .contains("a comment that is no owner marker")
                .doesNotContain("team x");
        assertThat(mutations()).isEmpty();
    }

    @Test
    void anUnmarkedDiskIsAdoptedOnlyWhereThePlanAllowsIt() throws Exception {
        rds().putDisk(disk(PLAN.slot(), "/storage-pool/legacy/db.img"));
        assertThatThrownBy(() -> operations.ensure(pool, PLAN, deadline()))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.AdoptionNotAllowed));
        assertThat(mutations()).isEmpty();

        ProvisionedDisk adopted = operations.ensure(pool, adoptable(), deadline());
        assertThat(adopted.origin()).isEqualTo(ProvisionedDisk.Origin.ADOPTED);
        assertThat(adopted.filePath()).isEqualTo("/storage-pool/legacy/db.img");
        assertThat(mutations())
                .singleElement()
                .asString()
                .startsWith("/disk set")
                .contains("comment=");
        assertThat(rds().disk(PLAN.slot()).orElseThrow().comment())
                .isEqualTo(OWNER.asAdopted().text());
    }

    @Test
    void anAdoptedDiskGoesOnlyWhenDeleteWasWrittenWhateverTheStatusSays() throws Exception {
        rds().putDisk(disk(PLAN.slot(), "/storage-pool/legacy/db.img"));
        operations.ensure(pool, adoptable(), deadline());
        var provisioned = with(VolumePlan.History.PROVISIONED);

        var kept = operations.delete(pool, provisioned, false, deadline());
        assertThat(kept.diskRemoved()).isFalse();
        assertThat(kept.leftAlone()).contains("adopted");
        assertThat(rds().disk(PLAN.slot())).isPresent();

        var removed = operations.delete(pool, provisioned, true, deadline());
        assertThat(removed.diskRemoved()).isTrue();
        assertThat(removed.removedFile()).isEqualTo("/storage-pool/legacy/db.img");
        assertThat(rds().disk(PLAN.slot())).isEmpty();
    }

    @Test
    void aVolumesOwnDiskFromBeforeMarkersIsMarkedOnce() throws Exception {
        rds().putDisk(disk(PLAN.slot(), PLAN.filePath()));
        var upgraded = with(VolumePlan.History.PROVISIONED_BEFORE_MARKERS);
        assertThat(operations.ensure(pool, upgraded, deadline()).origin()).isEqualTo(ProvisionedDisk.Origin.MARKED);
        assertThat(operations.ensure(pool, upgraded, deadline()).origin()).isEqualTo(ProvisionedDisk.Origin.OWNED);
        assertThat(mutations()).singleElement().asString().startsWith("/disk set");
    }

    @Test
    void anUnmarkedDiskWhereAMarkedVolumesDiskWasIsNotItsOwn() {
        // The volume's own disk carried its marker; an unmarked one in its slot (the marker cleared by hand, or a
        // disk put there after a loss) is never marked, adopted, recreated over or removed.
        rds().putDisk(disk(PLAN.slot(), PLAN.filePath()));
        for (VolumePlan plan : List.of(
                with(VolumePlan.History.PROVISIONED),
                with(VolumePlan.History.RECREATE_REQUESTED),
                adoptableProvisioned())) {
            assertThatThrownBy(() -> operations.ensure(pool, plan, deadline()))
                    .isInstanceOfSatisfying(
                            RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.DiskNotOwned));
            assertThatThrownBy(() -> operations.delete(pool, plan, true, deadline()))
                    .isInstanceOfSatisfying(
                            RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.DiskNotOwned));
        }
        assertThat(mutations()).isEmpty();
    }

    @Test
    void aLostDiskIsNotRecreatedUnlessAsked() throws Exception {
        var provisioned = with(VolumePlan.History.PROVISIONED);
        assertThatThrownBy(() -> operations.ensure(pool, provisioned, deadline()))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.DiskMissing));
        assertThat(mutations()).isEmpty();
        var recreated = operations.ensure(pool, with(VolumePlan.History.RECREATE_REQUESTED), deadline());
        assertThat(recreated.origin()).isEqualTo(ProvisionedDisk.Origin.CREATED);
        assertThat(mutations()).singleElement().asString().startsWith("/disk add");
    }

    @Test
    void aRequestedRecreateReplacesTheFileTheLostDiskLeftBehind() throws Exception {
        // What a /disk remove behind the operator's back leaves: the file, no disk (RouterOS keeps the file).
        rds().putFile(PLAN.filePath(), 1L << 30);
        simulator.knobs().existingFileError("failure: file already exists");

        var recreated = operations.ensure(pool, with(VolumePlan.History.RECREATE_REQUESTED), deadline());

        assertThat(recreated.origin()).isEqualTo(ProvisionedDisk.Origin.CREATED);
        assertThat(rds().disk(PLAN.slot()).orElseThrow().comment()).isEqualTo(OWNER.text());
        assertThat(mutations())
                .as("the lost disk's file goes, then the new disk comes")
                .satisfiesExactly(remove -> assertThat(remove).startsWith("/file remove"), add -> assertThat(add)
                        .startsWith("/disk add"));
    }

    @Test
    void aRecreateNeverRemovesAFileAnotherDiskUses() {
        rds().putDisk(disk("someone-else", PLAN.filePath()));
        assertThatThrownBy(() -> operations.ensure(pool, with(VolumePlan.History.RECREATE_REQUESTED), deadline()))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.FileInUse));
        assertThat(mutations()).isEmpty();
    }

    @Test
    void aNewDiskNeverSharesAnNqnWithAnother() {
        rds().putDisk(new SimulatedDisk(
                "Ops-Legacy", "/storage-pool/other/x.img", 1L << 30, true, 4420, PLAN.nqn(), false));
        assertThatThrownBy(() -> operations.ensure(pool, PLAN, deadline()))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.NqnInUse));
        assertThat(mutations()).isEmpty();
    }

    @Test
    void aDetachedImageIsNeitherReusedNorRemoved() throws Exception {
        rds().putFile(PLAN.filePath(), 5L << 30);
        assertThatThrownBy(() -> operations.ensure(pool, PLAN, deadline()))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.FileExists));
        var deletion = operations.delete(pool, PLAN, false, deadline());
        assertThat(deletion.removedFile()).isNull();
        assertThat(mutations()).isEmpty();
        assertThat(rds().files()).containsKey(PLAN.filePath().substring(1));
    }

    @Test
    void aFileThatAnotherDiskUsesIsNotRemoved() {
        rds().putDisk(disk("someone-else", PLAN.filePath()));
        assertThatThrownBy(() -> operations.delete(pool, with(VolumePlan.History.PROVISIONED), false, deadline()))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.FileInUse));
        assertThat(mutations()).isEmpty();
    }
}
