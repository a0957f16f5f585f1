package io.srvlab.rds.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.pool.PoolSettings;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.pool.ServerEndpoint;
import io.srvlab.rds.pool.SshConnectorFactory;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.simulator.SimulatorKeys;
import io.srvlab.rds.simulator.SimulatorKnobs.ErrorStream;
import io.srvlab.rds.testing.SimulatorFixture;
import java.time.Duration;
import java.time.Instant;
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
        assertThat(SIM.simulator().commands())
                .as("3 busy look-ups, then the look-up, the add and its read-back")
                .isEqualTo(BusyRetry.MAX_ATTEMPTS - 1 + 3);
        assertThat(SIM.rds().disks()).hasSize(1);
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
    void anAddThatMeetsItsOwnDiskAdoptsIt() throws Exception {
        // The look-up misses the disk (as when an earlier add's reply was lost and it appears just after); the add
        // then finds the slot taken by the planned file: that is this volume's disk.
        var existing = new SimulatedDisk(PLAN.slot(), PLAN.filePath(), PLAN.sizeBytes(), true, 4420, PLAN.nqn(), false);
        SIM.knobs().failNext(1, "", ErrorStream.STDOUT, 0); // the look-up prints nothing: "no such disk"
        SIM.rds().putDisk(existing);
        ProvisionedDisk disk = operations.ensure(pool, PLAN, deadline());
        assertThat(disk.slot()).isEqualTo(PLAN.slot());
        assertThat(SIM.rds().disks()).hasSize(1);
        assertThat(SIM.simulator().commandLog())
                .as("the look-up that missed, the refused add, the look-up that adopts")
                .hasSize(3)
                .satisfies(log -> assertThat(log.get(1)).startsWith("/disk add"));
    }

    @Test
    void anAddThatMeetsAnotherFilesDiskIsAConflict() {
        SIM.knobs().failNext(1, "", ErrorStream.STDOUT, 0);
        SIM.rds()
                .putDisk(new SimulatedDisk(
                        PLAN.slot(), "/storage-pool/other/x.img", 1L << 30, true, 4420, "nqn.x:y", false));
        assertThatThrownBy(() -> operations.ensure(pool, PLAN, deadline()))
                .isInstanceOfSatisfying(RouterOsException.class, e -> assertThat(e.kind())
                        .isEqualTo(RouterOsException.Kind.SLOT_CONFLICT));
        assertThat(SIM.rds().disks()).hasSize(1);
    }
}
