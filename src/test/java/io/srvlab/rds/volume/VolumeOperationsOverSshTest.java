package io.srvlab.rds.volume;

import static io.srvlab.rds.volume.VolumeFixtures.OWNER;
import static io.srvlab.rds.volume.VolumeFixtures.PLAN;
import static io.srvlab.rds.volume.VolumeFixtures.disk;
import static io.srvlab.rds.volume.VolumeFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.pool.PoolSettings;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsSession;
import io.srvlab.rds.routeros.SshConnectorFactory;
import io.srvlab.rds.routeros.SshTarget;
import io.srvlab.rds.simulator.SimulatorKeys;
import io.srvlab.rds.simulator.SimulatorKnobs.ErrorStream;
import io.srvlab.rds.testing.SimulatorFixture;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Volume work through a real pool over SSH against the simulator: busy replies, lost replies, replies without an exit
 * status or beyond the output cap, a full create and delete. The ownership decisions run in memory: {@link
 * VolumeOperationsTest}.
 */
class VolumeOperationsOverSshTest {
    @RegisterExtension
    static final SimulatorFixture SIM = new SimulatorFixture();

    private static final String BUSY = "failure: device is busy";

    private final VolumeOperations operations = new VolumeOperations(SIM.client());
    private RdsPool pool;

    @BeforeEach
    void pool() {
        var endpoint = new SshTarget(
                "127.0.0.1",
                SIM.simulator().port(),
                SimulatorFixture.USER,
                SimulatorKeys.privateKeyText(SIM.clientKey()),
                SimulatorKeys.publicKeyLine(SIM.hostKey().getPublic()),
                false,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                true);
        pool = new RdsPool(
                "ops",
                PoolSettings.builder(endpoint)
                        .requestsPerSecond(1000)
                        .burst(1000)
                        .build(),
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
                .as("3 busy look-ups, then the look-up (slot, file or NQN), the file check, the add and its read-back")
                .isEqualTo(BusyRetry.MAX_ATTEMPTS - 1 + 4);
        assertThat(SIM.rds().disks()).singleElement().satisfies(d -> assertThat(d.comment())
                .isEqualTo(OWNER.text()));
    }

    @Test
    void aCreateInASlotNamedAfterTheVolumeIsThreeCommandsOnTwoLeases() throws Exception {
        var meters = new SimpleMeterRegistry();
        String slot = "rdsv-" + OWNER.volumeUid();
        var plan = new VolumePlan(
                slot,
                VolumeFixtures.BASE_PATH + "/" + slot + ".img",
                VolumeFixtures.BASE_PATH,
                1L << 30,
                "nqn.2000-02.com.mikrotik:" + slot,
                4420,
                OWNER,
                "",
                VolumePlan.History.NEW,
                false);
        try (var counted = new RdsPool("counted", pool.settings(), new SshConnectorFactory(), meters)) {
            assertThat(operations.ensure(counted, plan, deadline()).origin()).isEqualTo(ProvisionedDisk.Origin.CREATED);
        }
        assertThat(SIM.simulator().commandLog())
                .satisfiesExactly(
                        lookUp -> assertThat(lookUp)
                                .startsWith("/disk print detail where slot=\"" + slot + "\" or file-path="),
                        add -> assertThat(add).startsWith("/disk add "),
                        readBack -> assertThat(readBack).isEqualTo("/disk print detail where slot=\"" + slot + "\""));
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
        assertThat(VolumeFixtures.mutations(SIM.simulator())).isEmpty();
    }

    @Test
    void deletionRemovesTheOwnDiskAndFileAndReadsBothBack() throws Exception {
        operations.ensure(pool, PLAN, deadline());
        int before = SIM.simulator().commandLog().size();
        var deletion = operations.delete(pool, PLAN, false, deadline());
        assertThat(deletion.diskRemoved()).isTrue();
        assertThat(deletion.removedFile()).isEqualTo(PLAN.filePath());
        assertThat(SIM.rds().disks()).isEmpty();
        assertThat(SIM.rds().files()).doesNotContainKey(PLAN.filePath().substring(1));
        assertThat(SIM.simulator()
                        .commandLog()
                        .subList(before, SIM.simulator().commandLog().size()))
                .as("look-up, remove, read-back; disks using the file, file remove, file read-back")
                .hasSize(6);
    }

    @Test
    void aRemoveWithoutExitStatusIsAFailureNotASuccess() throws Exception {
        operations.ensure(pool, PLAN, deadline());
        SIM.knobs().failNext(1, "", ErrorStream.STDOUT, 0); // the look-up sees nothing, so only the file path is tried
        SIM.knobs().noExitStatusNext(100);
        assertThatThrownBy(() -> operations.delete(pool, with(VolumePlan.History.PROVISIONED), false, deadline()))
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
}
