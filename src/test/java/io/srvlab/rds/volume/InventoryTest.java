package io.srvlab.rds.volume;

import static io.srvlab.rds.volume.VolumeFixtures.OWNER;
import static io.srvlab.rds.volume.VolumeFixtures.PLAN;
import static io.srvlab.rds.volume.VolumeFixtures.deadline;
import static io.srvlab.rds.volume.VolumeFixtures.disk;
import static io.srvlab.rds.volume.VolumeFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedRds;
import io.srvlab.rds.simulator.SimulatorKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What one inventory of an RDS reads, finds and costs: through a real pool on in-memory simulator sessions. */
class InventoryTest {
    private static final KeyPair KEY = SimulatorKeys.ed25519();
    private static final String BASE = "/storage-pool/k8s";
    private static final Inventories.Scope SCOPE = new Inventories.Scope("storage-pool", BASE);

    private final RouterOsSimulator simulator = new RouterOsSimulator("127.0.0.1", 0, KEY, List.of(), null);
    private final VolumeOperations operations = new VolumeOperations(new RouterOsClient(Duration.ofSeconds(5)));
    private RdsPool pool;

    @BeforeEach
    void pool() {
        pool = VolumeFixtures.inMemoryPool("inventory", simulator);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private SimulatedRds rds() {
        return simulator.rds();
    }

    private static OwnerMarker marker(int i) {
        return new OwnerMarker(String.format("0b5c2f4e-1111-2222-3333-%012d", i), "apps", "v" + i, "rds-main");
    }

    @Test
    void twoCommandsReadEveryDiskFileAndTheFreeSpaceWhateverTheirNumber() throws Exception {
        for (int i = 0; i < 300; i++) {
            rds().putDisk(disk("v" + i, BASE + "/v" + i + ".img")
                    .withComment(marker(i).text()));
        }
        long before = simulator.commandLog().size();
        Inventory inventory = operations.inventory(pool, "storage-pool", BASE, deadline());

        assertThat(simulator
                        .commandLog()
                        .subList((int) before, simulator.commandLog().size()))
                .containsExactly("/disk print detail", "/file print detail where name~\"^storage-pool/k8s/\"");
        assertThat(inventory.diskCount()).isEqualTo(300);
        assertThat(inventory.disk("v7").orElseThrow().comment())
                .isEqualTo(marker(7).text());
        assertThat(inventory.capacity().freeBytes()).isEqualTo(rds().freeBytes());
        assertThat(inventory.capacity().totalBytes()).isEqualTo(rds().totalBytes());
    }

    @Test
    void orphansForeignDisksAndDetachedFilesAreFoundUnderTheBasePathOnly() throws Exception {
        rds().putDisk(disk("live", BASE + "/live.img").withComment(marker(1).text()));
        rds().putDisk(disk("orphan", BASE + "/orphan.img").withComment(marker(2).text()));
        rds().putDisk(disk("foreign", BASE + "/foreign.img").withComment("team x database"));
        rds().putDisk(disk("premarker", BASE + "/premarker.img"));
        rds().putDisk(disk("elsewhere", "/storage-pool/other/x.img"));
        rds().putDisk(disk("other-pool", BASE + "/other-pool.img")
                .withComment(new OwnerMarker("0b5c2f4e-1111-2222-3333-999999999999", "apps", "o", "rds-b").text()));
        rds().putFile(BASE + "/detached.img", 4096);
        rds().putFile(BASE + "/notes.txt", 10);
        rds().putFile(BASE + "/rdss-5a1e0000-aaaa-bbbb-cccc-000000000001/live.img", 4096); // an RdsSnapshot's copy

        Inventory.Findings found = operations
                .inventory(pool, "storage-pool", BASE, deadline())
                .findings("rds-main", Set.of(marker(1).volumeUid()), Set.of("live", "premarker"));

        assertThat(found.orphanSlots()).containsExactly("orphan");
        assertThat(found.foreignSlots()).containsExactly("foreign");
        assertThat(found.detachedFiles()).containsExactly(BASE + "/detached.img");
        assertThat(VolumeFixtures.mutations(simulator)).isEmpty();
    }

    @Test
    void aDiskSeenWithItsMarkerCostsNoCommandAndAnythingElseIsLookedAtOnTheRds() throws Exception {
        var provisioned = with(VolumePlan.History.PROVISIONED);
        Inventory beforeTheDisk = operations.inventory(pool, "storage-pool", BASE, deadline());
        rds().putDisk(disk(PLAN.slot(), PLAN.filePath()).withComment(OWNER.text()));
        Inventory withTheDisk = operations.inventory(pool, "storage-pool", BASE, deadline());

        int before = simulator.commandLog().size();
        assertThat(operations.check(pool, provisioned, withTheDisk, deadline())).isPresent();
        assertThat(simulator.commandLog()).as("no command").hasSize(before);

        assertThat(operations.check(pool, provisioned, beforeTheDisk, deadline()))
                .as("missing from an older inventory, found by a look-up")
                .isPresent();
        assertThat(simulator.commandLog().subList(before, simulator.commandLog().size()))
                .containsExactly("/disk print detail where slot=\"" + PLAN.slot() + "\"");

        rds().putDisk(disk(PLAN.slot(), PLAN.filePath()).withComment(marker(5).text()));
        Inventory replaced = operations.inventory(pool, "storage-pool", BASE, deadline());
        assertThatThrownBy(() -> operations.check(pool, provisioned, replaced, deadline()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(Refusal.DiskOwnedByAnotherVolume));
        assertThat(VolumeFixtures.mutations(simulator)).isEmpty();
    }

    @Test
    void freeSpaceIsBookedSoThatCreatesPlannedOnOneLookCannotOverfill() throws Exception {
        rds().capacity(10L << 30, 3L << 30);
        Inventory inventory = operations.inventory(pool, "storage-pool", BASE, deadline());
        assertThat(inventory.book(2L << 30)).isTrue();
        assertThat(inventory.book(2L << 30)).as("only 1 GiB left unbooked").isFalse();
        assertThat(inventory.unbookedFreeBytes()).isEqualTo(1L << 30);
        assertThat(inventory.book(1L << 30)).isTrue();
        assertThat(inventory.book(1)).isFalse();
        assertThat(inventory.book(0))
                .as("a check that adds nothing always fits")
                .isTrue();
    }

    @Test
    void volumesAskingAtOnceShareOneRead() throws Exception {
        var inventories = new Inventories(operations);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            long before = simulator.commandLog().size();
            List<Callable<Inventory>> asks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                asks.add(() -> inventories.current("rds-main", pool, SCOPE, Duration.ofMinutes(1), deadline()));
            }
            List<Inventory> got = new ArrayList<>();
            for (Future<Inventory> f : threads.invokeAll(asks)) {
                got.add(f.get());
            }
            long reads = simulator
                    .commandLog()
                    .subList((int) before, simulator.commandLog().size())
                    .stream()
                    .filter(c -> c.equals("/disk print detail"))
                    .count();
            assertThat(reads).as("reads for 64 asks at once").isEqualTo(1);
            assertThat(inventories.current("rds-main", pool, SCOPE, Duration.ofMinutes(1), deadline()))
                    .as("a fresh enough inventory is reused")
                    .isSameAs(inventories.latest("rds-main").orElseThrow());
            assertThat(inventories.current(
                            "rds-main",
                            pool,
                            new Inventories.Scope("storage-pool", "/storage-pool/b"),
                            Duration.ofMinutes(1),
                            deadline()))
                    .as("another base path is another inventory")
                    .isNotSameAs(got.get(0));
        } finally {
            threads.shutdownNow();
        }
    }
}
