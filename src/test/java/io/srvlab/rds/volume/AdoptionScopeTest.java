package io.srvlab.rds.volume;

import static io.srvlab.rds.volume.VolumeFixtures.PLAN;
import static io.srvlab.rds.volume.VolumeFixtures.adoptable;
import static io.srvlab.rds.volume.VolumeFixtures.deadline;
import static io.srvlab.rds.volume.VolumeFixtures.disk;
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
 * What a namespace that may adopt can reach: only a file disk whose file lies under the pool config's base path
 * ({@code /storage-pool} for {@link VolumeFixtures#adoptable()}), never any other {@code /disk} item of the RDS.
 */
class AdoptionScopeTest {
    private final RouterOsSimulator simulator =
            new RouterOsSimulator("127.0.0.1", 0, SimulatorKeys.ed25519(), List.of(), null);
    private final VolumeOperations operations = new VolumeOperations(new RouterOsClient(Duration.ofSeconds(5)));
    private RdsPool pool;

    @BeforeEach
    void pool() {
        pool = VolumeFixtures.inMemoryPool("adopt", simulator);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void onlyAFileDiskUnderTheBasePathIsAdopted() {
        List<SimulatedDisk> outOfReach = List.of(
                disk(PLAN.slot(), "/other-pool/db.img"),
                disk(PLAN.slot(), "/storage-pool-old/db.img"), // shares the base path's letters, not its directory
                disk(PLAN.slot(), "/storage-pool/legacy/../../etc/db.img"),
                disk(PLAN.slot(), "/storage-pool/legacy/db.img").withType("partition"));
        for (SimulatedDisk disk : outOfReach) {
            simulator.rds().reset();
            simulator.rds().putDisk(disk);
            assertThatThrownBy(() -> operations.ensure(pool, adoptable(), deadline()))
                    .as("%s disk at %s", disk.type(), disk.filePath())
                    .isInstanceOfSatisfying(RefusedException.class, e -> {
                        assertThat(e.refusal()).isEqualTo(Refusal.AdoptionNotAllowed);
                        assertThat(e.getMessage()).contains("not adopted");
                    });
            assertThat(simulator.rds().disk(PLAN.slot())).contains(disk);
        }
        assertThat(VolumeFixtures.mutations(simulator)).isEmpty();
    }
}
