package io.srvlab.rds.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.pool.PoolSettings;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.pool.ServerEndpoint;
import io.srvlab.rds.pool.SshConnectorFactory;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsSession;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.simulator.SimulatorKeys;
import io.srvlab.rds.simulator.SimulatorKnobs.ErrorStream;
import io.srvlab.rds.testing.SimulatorFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Volume work through a real pool over SSH against the simulator: busy replies, lost replies, conflicts. */
class VolumeOperationsOverSshTest {
    @RegisterExtension
    static final SimulatorFixture SIM = new SimulatorFixture();

    private static final String BUSY = "failure: device is busy";
    private static final OwnerMarker OWNER =
            new OwnerMarker("0b5c2f4e-1111-2222-3333-444455556666", "apps", "ops", "rds-main");
    private static final VolumePlan PLAN = new VolumePlan(
            "pvc-ops",
            "/storage-pool/k8s/pvc-ops.img",
            1L << 30,
            "nqn.2000-02.com.mikrotik:pvc-ops",
            4420,
            OWNER,
            "",
            VolumePlan.History.NEW,
            false);

    private final VolumeOperations operations = new VolumeOperations(SIM.client());
    private RdsPool pool;

    @BeforeEach
    void pool() {
        var endpoint = new ServerEndpoint(
                "127.0.0.1",
                SIM.simulator().port(),
                SimulatorFixture.USER,
                SimulatorKeys.privateKeyText(SIM.clientKey()),
                SimulatorKeys.publicKeyLine(SIM.hostKey().getPublic()),
                false,
                Duration.ofSeconds(5));
        pool = new RdsPool(
                "ops",
                PoolSettings.defaults(endpoint).withRate(1000, 1000),
                new SshConnectorFactory(),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private static Instant deadline() {
        return Instant.now().plusSeconds(30);
    }

    @Test
    void busyRepliesAreRepeatedInPlace() throws Exception {
        SIM.knobs().failNext(BusyRetry.MAX_ATTEMPTS - 1, BUSY, ErrorStream.STDOUT, 0);
        ProvisionedDisk disk = operations.ensure(pool, PLAN, deadline());
        assertThat(disk.capacityBytes()).isEqualTo(1L << 30);
        assertThat(disk.origin()).isEqualTo(ProvisionedDisk.Origin.CREATED);
        assertThat(SIM.simulator().commands())
                .as("3 busy look-ups, then the look-up, the file check, the add and its read-back")
                .isEqualTo(BusyRetry.MAX_ATTEMPTS - 1 + 4);
        assertThat(SIM.rds().disks()).singleElement().satisfies(d -> assertThat(d.comment())
                .isEqualTo(OWNER.text()));
    }

    @Test
    void aBusySpellLongerThanTheRetriesReachesTheCaller() {
        SIM.knobs().failNext(BusyRetry.MAX_ATTEMPTS, BUSY, ErrorStream.STDOUT, 0);
        assertThatThrownBy(() -> operations.ensure(pool, PLAN, deadline()))
                .isInstanceOfSatisfying(
                        RouterOsException.class, e -> assertThat(e.kind()).isEqualTo(RouterOsException.Kind.BUSY));
        assertThat(SIM.simulator().commands()).isEqualTo(BusyRetry.MAX_ATTEMPTS);
        assertThat(SIM.rds().disks()).isEmpty();
    }

    @Test
    void anAddThatMeetsItsOwnDiskTakesIt() throws Exception {
        // The look-up misses the disk (as when an earlier add's reply was lost and it appears just after); the add
        // then finds the slot taken by a disk with this volume's marker: that is this volume's disk.
        SIM.knobs().failNext(1, "", ErrorStream.STDOUT, 0); // the look-up prints nothing: "no such disk"
        SIM.rds().putDisk(disk(PLAN.slot(), PLAN.filePath()).withComment(OWNER.text()));
        ProvisionedDisk disk = operations.ensure(pool, PLAN, deadline());
        assertThat(disk.slot()).isEqualTo(PLAN.slot());
        assertThat(SIM.rds().disks()).hasSize(1);
        assertThat(mutations()).isEmpty();
    }

    @Test
    void aDiskMarkedForAnotherVolumeIsNeverTouched() {
        String other = new OwnerMarker("99999999-1111-2222-3333-444455556666", "evil", "x", "rds-main").text();
        SIM.rds().putDisk(disk(PLAN.slot(), PLAN.filePath()).withComment(other));
        for (VolumePlan plan : List.of(PLAN, with(VolumePlan.History.PROVISIONED), adoptable())) {
            assertThatThrownBy(() -> operations.ensure(pool, plan, deadline()))
                    .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                            .isEqualTo(Refusal.DiskOwnedByAnotherVolume));
            assertThatThrownBy(() -> operations.delete(pool, with(VolumePlan.History.PROVISIONED), deadline()))
                    .isInstanceOf(RefusedException.class);
        }
        assertThat(mutations()).isEmpty();
        assertThat(SIM.rds().disks()).singleElement().satisfies(d -> assertThat(d.comment())
                .isEqualTo(other));
    }

    @Test
    void aNewVolumeThatNeverHadTheDiskLeavesItAloneOnDeletion() throws Exception {
        SIM.rds().putDisk(disk(PLAN.slot(), PLAN.filePath()).withComment("team x database"));
        var deletion = operations.delete(pool, PLAN, deadline());
        assertThat(deletion.diskRemoved()).isFalse();
        assertThat(deletion.fileRemoved()).isNull();
        assertThat(deletion.leftAlone()).contains("team x database");
        assertThat(mutations()).isEmpty();
    }

    @Test
    void anUnmarkedDiskIsAdoptedOnlyWhereThePlanAllowsIt() throws Exception {
        SIM.rds().putDisk(disk(PLAN.slot(), "/storage-pool/legacy/db.img"));
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
        assertThat(SIM.rds().disk(PLAN.slot()).orElseThrow().comment()).isEqualTo(OWNER.text());
    }

    @Test
    void aVolumesOwnDiskFromBeforeMarkersIsMarkedOnce() throws Exception {
        SIM.rds().putDisk(disk(PLAN.slot(), PLAN.filePath()));
        var provisioned = with(VolumePlan.History.PROVISIONED);
        assertThat(operations.ensure(pool, provisioned, deadline()).origin()).isEqualTo(ProvisionedDisk.Origin.MARKED);
        assertThat(operations.ensure(pool, provisioned, deadline()).origin()).isEqualTo(ProvisionedDisk.Origin.OWNED);
        assertThat(mutations()).singleElement().asString().startsWith("/disk set");
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
        operations.ensure(pool, PLAN, deadline());
        try (RouterOsSession session = SIM.connector().connect()) {
            SIM.client().removeDisk(session, PLAN.slot()); // behind the operator's back: RouterOS keeps the file
        }
        SIM.knobs().existingFileError("failure: file already exists");
        assertThat(SIM.rds().files()).containsKey(PLAN.filePath().substring(1));
        int before = mutations().size();

        var recreated = operations.ensure(pool, with(VolumePlan.History.RECREATE_REQUESTED), deadline());

        assertThat(recreated.origin()).isEqualTo(ProvisionedDisk.Origin.CREATED);
        assertThat(SIM.rds().disk(PLAN.slot()).orElseThrow().comment()).isEqualTo(OWNER.text());
        assertThat(mutations().subList(before, mutations().size()))
                .as("the lost disk's file goes, then the new disk comes")
                .satisfiesExactly(remove -> assertThat(remove).startsWith("/file remove"), add -> assertThat(add)
                        .startsWith("/disk add"));
    }

    @Test
    void aRecreateNeverRemovesAFileAnotherDiskUses() {
        SIM.rds().putDisk(disk("someone-else", PLAN.filePath()));
        assertThatThrownBy(() -> operations.ensure(pool, with(VolumePlan.History.RECREATE_REQUESTED), deadline()))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.FileInUse));
        assertThat(mutations()).isEmpty();
    }

    @Test
    void aDetachedImageIsNeitherReusedNorRemoved() throws Exception {
        SIM.rds().putFile(PLAN.filePath(), 5L << 30);
        assertThatThrownBy(() -> operations.ensure(pool, PLAN, deadline()))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.FileExists));
        var deletion = operations.delete(pool, PLAN, deadline());
        assertThat(deletion.fileRemoved()).isNull();
        assertThat(mutations()).isEmpty();
        assertThat(SIM.rds().files()).containsKey(PLAN.filePath().substring(1));
    }

    @Test
    void deletionRemovesTheOwnDiskAndFileAndReadsBothBack() throws Exception {
        operations.ensure(pool, PLAN, deadline());
        int before = SIM.simulator().commandLog().size();
        var deletion = operations.delete(pool, PLAN, deadline());
        assertThat(deletion.diskRemoved()).isTrue();
        assertThat(deletion.fileRemoved()).isEqualTo(PLAN.filePath());
        assertThat(SIM.rds().disks()).isEmpty();
        assertThat(SIM.rds().files()).doesNotContainKey(PLAN.filePath().substring(1));
        assertThat(SIM.simulator()
                        .commandLog()
                        .subList(before, SIM.simulator().commandLog().size()))
                .as("look-up, remove, read-back; disks using the file, file remove, file read-back")
                .hasSize(6);
    }

    @Test
    void aFileThatAnotherDiskUsesIsNotRemoved() {
        SIM.rds().putDisk(disk("someone-else", PLAN.filePath()));
        assertThatThrownBy(() -> operations.delete(pool, with(VolumePlan.History.PROVISIONED), deadline()))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.FileInUse));
        assertThat(mutations()).isEmpty();
    }

    @Test
    void aRemoveWithoutExitStatusIsAFailureNotASuccess() throws Exception {
        operations.ensure(pool, PLAN, deadline());
        SIM.knobs().failNext(1, "", ErrorStream.STDOUT, 0); // the look-up sees nothing, so only the file path is tried
        SIM.knobs().noExitStatusNext(100);
        assertThatThrownBy(() -> operations.delete(pool, with(VolumePlan.History.PROVISIONED), deadline()))
                .isInstanceOfSatisfying(
                        RouterOsException.class, e -> assertThat(e.getMessage()).contains("without an exit status"));
    }

    @Test
    void outputBeyondTheCapIsAClearError() {
        SIM.knobs().floodNext(1, RouterOsSession.MAX_OUTPUT_BYTES + 1024);
        assertThatThrownBy(() -> operations.check(pool, PLAN, deadline()))
                .isInstanceOfSatisfying(
                        RouterOsException.class, e -> assertThat(e.getMessage()).contains("printed more than"));
    }

    private static VolumePlan with(VolumePlan.History history) {
        return new VolumePlan(
                PLAN.slot(),
                PLAN.filePath(),
                PLAN.sizeBytes(),
                PLAN.nqn(),
                PLAN.nvmeTcpPort(),
                OWNER,
                "",
                history,
                PLAN.mayAdopt());
    }

    private static VolumePlan adoptable() {
        return new VolumePlan(
                PLAN.slot(),
                PLAN.filePath(),
                PLAN.sizeBytes(),
                PLAN.nqn(),
                PLAN.nvmeTcpPort(),
                OWNER,
                "",
                PLAN.history(),
                true);
    }

    /** Every command that changes the RDS. */
    private static List<String> mutations() {
        return SIM.simulator().commandLog().stream()
                .filter(c -> c.startsWith("/disk add") || c.startsWith("/disk set") || c.contains(" remove"))
                .toList();
    }

    private static SimulatedDisk disk(String slot, String filePath) {
        return new SimulatedDisk(slot, filePath, 1L << 30, true, 4420, "nqn.2000-02.com.mikrotik:" + slot, false);
    }
}
