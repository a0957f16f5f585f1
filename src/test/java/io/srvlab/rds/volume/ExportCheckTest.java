package io.srvlab.rds.volume;

import static io.srvlab.rds.volume.VolumeFixtures.OWNER;
import static io.srvlab.rds.volume.VolumeFixtures.PLAN;
import static io.srvlab.rds.volume.VolumeFixtures.adoptable;
import static io.srvlab.rds.volume.VolumeFixtures.deadline;
import static io.srvlab.rds.volume.VolumeFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.simulator.SimulatorKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The NVMe/TCP export (flag, port, NQN) of a volume's disk is checked on adoption and at every look: the operator's
 * own disk is set back, an adopted one (or one being adopted) is reported as {@link Refusal#ExportMismatch} and never
 * changed.
 */
class ExportCheckTest {
    private static final KeyPair KEY = SimulatorKeys.ed25519();

    private final RouterOsSimulator simulator = new RouterOsSimulator("127.0.0.1", 0, KEY, List.of(), null);
    private final VolumeOperations operations = new VolumeOperations(new RouterOsClient(Duration.ofSeconds(5)));
    private RdsPool pool;

    @BeforeEach
    void pool() {
        pool = VolumeFixtures.inMemoryPool("export", simulator);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private static SimulatedDisk disk(boolean export, int port, String nqn, String comment) {
        return new SimulatedDisk(PLAN.slot(), PLAN.filePath(), 1L << 30, export, port, nqn, false, comment, "");
    }

    @Test
    void theOperatorsOwnDiskGetsItsExportBackAtTheNextLook() throws Exception {
        var provisioned = with(VolumePlan.History.PROVISIONED);
        simulator.rds().putDisk(disk(false, 4421, "nqn.2000-02.com.mikrotik:renamed", OWNER.text()));

        ProvisionedDisk checked =
                operations.check(pool, provisioned, deadline()).orElseThrow();

        assertThat(checked.exportRepaired())
                .contains("nvme-tcp-export is not yes")
                .contains("nvme-tcp-server-port is 4421, not 4420")
                .contains("nvme-tcp-server-nqn");
        SimulatedDisk now = simulator.rds().disk(PLAN.slot()).orElseThrow();
        assertThat(now.nvmeTcpExport()).isTrue();
        assertThat(now.nvmeTcpPort()).isEqualTo(4420);
        assertThat(now.nqn()).isEqualTo(PLAN.nqn());
        assertThat(VolumeFixtures.mutations(simulator))
                .containsExactly("/disk set [find slot=\"pvc-ops\" and type=file and comment=\"" + OWNER.text() + "\"]"
                        + " nvme-tcp-export=yes nvme-tcp-server-port=4420"
                        + " nvme-tcp-server-nqn=\"nqn.2000-02.com.mikrotik:pvc-ops\"");
        assertThat(operations.check(pool, provisioned, deadline()).orElseThrow().exportRepaired())
                .as("nothing to set right the second time")
                .isNull();
    }

    @Test
    void anotherTenantsDiskWithAChangedExportIsNeitherRepairedNorTouched() throws Exception {
        String theirs = new OwnerMarker("99999999-1111-2222-3333-444455556666", "other", "db", "rds-main").text();
        SimulatedDisk other = disk(false, 4421, "nqn.2000-02.com.mikrotik:theirs", theirs);
        simulator.rds().putDisk(other);
        var provisioned = with(VolumePlan.History.PROVISIONED);
        Inventory seen = operations.inventory(pool, "storage-pool", "/storage-pool/k8s", deadline());

        assertThatThrownBy(() -> operations.check(pool, provisioned, seen, deadline()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(Refusal.DiskOwnedByAnotherVolume));
        assertThatThrownBy(() -> operations.ensure(pool, provisioned, deadline()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(Refusal.DiskOwnedByAnotherVolume));
        assertThat(operations.delete(pool, PLAN, true, deadline()).leftAlone())
                .contains("another RdsVolume")
                .doesNotContain("other/db");

        assertThat(VolumeFixtures.mutations(simulator)).isEmpty();
        assertThat(simulator.rds().disk(PLAN.slot())).contains(other);
        assertThat(simulator.rds().files()).containsKey(PLAN.filePath().substring(1));
    }

    @Test
    void anAdoptedDiskIsReportedNotChanged() {
        String adopted = OWNER.asAdopted().text();
        simulator.rds().putDisk(disk(false, 4420, PLAN.nqn(), adopted));
        for (VolumePlan plan : List.of(with(VolumePlan.History.PROVISIONED), PLAN)) {
            assertThatThrownBy(() -> operations.ensure(pool, plan, deadline()))
                    .isInstanceOfSatisfying(RefusedException.class, e -> {
                        assertThat(e.refusal()).isEqualTo(Refusal.ExportMismatch);
                        assertThat(e.getMessage()).contains("nvme-tcp-export is not yes");
                    });
        }
        assertThatThrownBy(() -> operations.check(pool, with(VolumePlan.History.PROVISIONED), deadline()))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.ExportMismatch));
        assertThat(VolumeFixtures.mutations(simulator)).isEmpty();
    }

    @Test
    void anUnexportedDiskIsNotAdoptedAndAnExportedOneKeepsItsPortAndNqn() throws Exception {
        simulator.rds().putDisk(disk(false, 4430, "nqn.2010-01.org.example:legacy", ""));
        assertThatThrownBy(() -> operations.ensure(pool, adoptable(), deadline()))
                .isInstanceOfSatisfying(RefusedException.class, e -> {
                    assertThat(e.refusal()).isEqualTo(Refusal.ExportMismatch);
                    assertThat(e.getMessage()).contains("is not adopted");
                });
        assertThat(VolumeFixtures.mutations(simulator)).as("not even marked").isEmpty();

        simulator.rds().putDisk(disk(true, 4430, "nqn.2010-01.org.example:legacy", ""));
        ProvisionedDisk adopted = operations.ensure(pool, adoptable(), deadline());
        assertThat(adopted.origin()).isEqualTo(ProvisionedDisk.Origin.ADOPTED);
        assertThat(adopted.nvmeTcpPort()).isEqualTo(4430);
        assertThat(adopted.nqn()).isEqualTo("nqn.2010-01.org.example:legacy");
        assertThat(adopted.exportRepaired()).isNull();
        assertThat(VolumeFixtures.mutations(simulator))
                .singleElement()
                .asString()
                .contains("comment=");
    }
}
