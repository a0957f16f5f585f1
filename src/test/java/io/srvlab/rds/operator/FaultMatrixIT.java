package io.srvlab.rds.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.simulator.SimulatorKnobs.ErrorStream;
import io.srvlab.rds.testing.KubernetesTestResource;
import io.srvlab.rds.testing.OperatorTestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 20 volumes through transient RDS failures, then more while the RDS is full: every one ends in a clear state. */
@QuarkusTest
@QuarkusTestResource(value = KubernetesTestResource.class, restrictToAnnotatedClass = false)
class FaultMatrixIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String BASE = "/storage-pool/fault-matrix";
    private static final String NS = "fault-matrix";
    private static final String POOL = "fault-matrix";
    private static final int VOLUMES = 20;
    private static final int FULL_VOLUMES = 4;

    private static OperatorTestEnvironment env;
    private static KubernetesClient client;
    private static RouterOsSimulator sim;

    @BeforeAll
    static void environment() {
        env = OperatorTestEnvironment.get();
        client = env.client();
        sim = env.simulator();
        env.writeKeySecret(false);
    }

    @AfterEach
    void clearFaults() {
        sim.knobs().reset();
    }

    @Test
    void busyFailuresAndAFullDiskEndReadyOrPermanentlyFailedWithoutOrphans() {
        client.resource(env.poolConfigYaml(POOL, "  volumeDefaults: {basePath: " + BASE + "}\n"))
                .create();
        awaitPoolReady();
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .serverSideApply();

        // Transient: about as many "busy" failures as the batch needs commands (lookup + add per volume).
        long commandsBefore = sim.commands();
        sim.knobs().failNext(VOLUMES, "failure: device is busy", ErrorStream.STDOUT, 0);
        List<String> names =
                IntStream.range(0, VOLUMES).mapToObj(i -> "busy-" + i).toList();
        names.forEach(name -> client.resource(VolumeLifecycleIT.volumeYaml(NS, name, POOL, "1Gi", null))
                .create());
        await("all busy-* Ready").atMost(TIMEOUT).until(() -> names.stream().allMatch(FaultMatrixIT::isReady));
        long commands = sim.commands() - commandsBefore;
        assertThat(sim.knobs().pendingFaults())
                .as("every injected failure was hit")
                .isZero();
        assertThat(commands)
                .as("commands for %d volumes, %d of them failed", VOLUMES, VOLUMES)
                .isBetween((long) VOLUMES * 2, (long) VOLUMES * 8);

        // Permanent: the RDS is full; no disk may be created and the reason says why.
        sim.knobs().diskFull(true);
        List<String> full =
                IntStream.range(0, FULL_VOLUMES).mapToObj(i -> "full-" + i).toList();
        full.forEach(name -> client.resource(VolumeLifecycleIT.volumeYaml(NS, name, POOL, "1Gi", null))
                .create());
        await("all full-* NotEnoughSpace")
                .atMost(TIMEOUT)
                .untilAsserted(() -> full.forEach(name -> {
                    var v = volume(name);
                    assertThat(v.getStatus()).as(name).isNotNull();
                    assertThat(v.getStatus().phase()).as(name).isEqualTo(Phase.Failed);
                    assertThat(ready(v).getStatus()).as(name).isEqualTo(Condition.FALSE);
                    assertThat(ready(v).getReason()).as(name).isEqualTo("NotEnoughSpace");
                }));

        List<RdsVolume> all = Stream.concat(names.stream(), full.stream())
                .map(FaultMatrixIT::volume)
                .toList();
        Set<String> readySlots = all.stream()
                .filter(v -> Condition.TRUE.equals(ready(v).getStatus()))
                .map(v -> v.getStatus().slot())
                .collect(Collectors.toSet());
        assertThat(readySlots).hasSize(VOLUMES);
        for (RdsVolume v : all) {
            String slot = v.getStatus().slot() != null
                    ? v.getStatus().slot()
                    : VolumePlans.SLOT_PREFIX + v.getMetadata().getUid();
            long disks = disksHere().stream().filter(d -> d.slot().equals(slot)).count();
            assertThat(disks)
                    .as("disks for %s", v.getMetadata().getName())
                    .isEqualTo(readySlots.contains(slot) ? 1 : 0);
        }
        assertThat(disksHere()).extracting(SimulatedDisk::slot).containsExactlyInAnyOrderElementsOf(readySlots);
        assertThat(filesHere())
                .containsExactlyInAnyOrderElementsOf(readySlots.stream()
                        .map(slot -> BASE.substring(1) + "/" + slot + ".img")
                        .toList());

        // Deleting everything leaves nothing behind, including the failed ones.
        sim.knobs().diskFull(false);
        client.resources(RdsVolume.class).inNamespace(NS).delete();
        await("all volumes gone").atMost(TIMEOUT).until(() -> client.resources(RdsVolume.class)
                .inNamespace(NS)
                .list()
                .getItems()
                .isEmpty());
        assertThat(disksHere()).isEmpty();
        assertThat(filesHere()).isEmpty();
        client.resources(RdsPoolConfig.class).withName(POOL).delete();
        await("pool config gone")
                .atMost(TIMEOUT)
                .until(() ->
                        client.resources(RdsPoolConfig.class).withName(POOL).get() == null);
    }

    private static List<SimulatedDisk> disksHere() {
        return sim.rds().disks().stream()
                .filter(d -> d.filePath().startsWith(BASE + "/"))
                .toList();
    }

    private static List<String> filesHere() {
        return sim.rds().files().keySet().stream()
                .filter(f -> f.startsWith(BASE.substring(1) + "/"))
                .toList();
    }

    private static boolean isReady(String name) {
        var v = volume(name);
        return v != null && v.getStatus() != null && Condition.TRUE.equals(ready(v).getStatus());
    }

    private static RdsVolume volume(String name) {
        return client.resources(RdsVolume.class).inNamespace(NS).withName(name).get();
    }

    private static Condition ready(RdsVolume volume) {
        return Conditions.find(volume.getStatus().conditions(), "Ready").orElseThrow();
    }

    private static void awaitPoolReady() {
        await("RdsPoolConfig " + POOL + " Ready").atMost(TIMEOUT).until(() -> {
            var pc = client.resources(RdsPoolConfig.class).withName(POOL).get();
            return pc.getStatus() != null && Conditions.isTrue(pc.getStatus().conditions(), "Ready");
        });
    }
}
