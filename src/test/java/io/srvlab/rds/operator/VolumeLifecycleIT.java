package io.srvlab.rds.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.testing.KubernetesTestResource;
import io.srvlab.rds.testing.Namespaces;
import io.srvlab.rds.testing.OperatorTestEnvironment;
import io.srvlab.rds.testing.TestCluster;
import io.srvlab.rds.volume.OwnerMarker;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator in-process against a real kube-apiserver and the RDS simulator over SSH. */
@QuarkusTest
@QuarkusTestResource(value = KubernetesTestResource.class, restrictToAnnotatedClass = false)
class VolumeLifecycleIT {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final String BASE = "/storage-pool/kubernetes-volumes/";
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Logger LOG = Logger.getLogger(VolumeLifecycleIT.class);

    private static OperatorTestEnvironment env;
    private static KubernetesClient client;
    private static RouterOsSimulator sim;

    @Inject
    MeterRegistry meters;

    @BeforeAll
    static void environment() {
        env = OperatorTestEnvironment.get();
        client = env.client();
        sim = env.simulator();
        env.writeKeySecret(false);
    }

    @Test
    void examplesFromKubectlApplyBecomeReadyDisksThenGrowAndDeleteByPolicy() throws Exception {
        String poolYaml = Files.readString(Path.of("examples/rds-main-poolconfig.yaml"), StandardCharsets.UTF_8)
                .replace("address: 10.42.68.1", "address: 127.0.0.1")
                .replace("port: 22", "port: " + sim.port())
                .replaceAll("hostKey: \".*\"", "hostKey: \"" + env.hostKeyLine() + "\"")
                .replace("statusInterval: 30s", "statusInterval: 2s");
        kubectlApply(poolYaml);
        TestCluster.get().kubectl("apply", "-f", "examples/volumes.yaml");
        TestCluster.get()
                .kubectl(
                        "wait",
                        "--for=condition=Ready",
                        "rdsv/postgres-data",
                        "rdsv/scratch",
                        "rdsv/archive",
                        "-n",
                        "apps",
                        "--timeout=90s");

        // What a user sees; the README quotes this output.
        LOG.info(TestCluster.get().kubectl("get", "rdspoolconfigs,rdsvolumes", "-A"));
        var watch = StatusWrites.watch(volume("apps", "postgres-data"));
        RdsVolume pg = volume("apps", "postgres-data").get();
        String slot = "rdsv-" + pg.getMetadata().getUid();
        assertThat(pg.getStatus().slot()).isEqualTo(slot);
        assertThat(pg.getStatus().filePath()).isEqualTo(BASE + slot + ".img");
        assertThat(pg.getStatus().nqn()).isEqualTo("nqn.2000-02.com.mikrotik:" + slot);
        assertThat(pg.getStatus().nvmeTcp().address()).isEqualTo("127.0.0.1");
        assertThat(pg.getStatus().nvmeTcp().port()).isEqualTo(4420);
        assertThat(pg.getStatus().capacityBytes()).isEqualTo(10L << 30);
        assertThat(sim.rds().disk(slot))
                .get()
                .extracting(SimulatedDisk::fileSizeBytes)
                .isEqualTo(10L << 30);
        // 1500Mi is exact MiB, so exactly that many bytes.
        RdsVolume scratch = volume("apps", "scratch").get();
        assertThat(scratch.getStatus().capacityBytes()).isEqualTo(1500L << 20);

        // A settled volume is re-checked (from the pool's inventory of the RDS) but its status is not rewritten.
        double checks = driftChecks("intact");
        await().atMost(Duration.ofSeconds(30)).until(() -> driftChecks("intact") >= checks + 2);
        assertThat(watch.writes()).as("status writes of a settled volume").isZero();

        // A drift check whose inventory the RDS answers with "busy" says nothing about the disk: still Ready, status
        // untouched.
        sim.knobs().failRandomly(1.0, "failure: device is busy", 1);
        try {
            double failing = driftChecks("skipped");
            await().atMost(Duration.ofSeconds(60)).until(() -> driftChecks("skipped") >= failing + 2);
        } finally {
            sim.knobs().failRandomly(0, null, 0);
        }
        double healed = driftChecks("intact");
        await().atMost(Duration.ofSeconds(30)).until(() -> driftChecks("intact") > healed);
        assertThat(watch.writes()).as("status writes after failed drift checks").isZero();

        // Grow.
        volume("apps", "postgres-data").edit(v -> {
            v.setSpec(RdsVolumeSpec.of(
                    v.getSpec().poolConfigName(), "20Gi", v.getSpec().deletionPolicy(), null));
            return v;
        });
        await().atMost(READY_TIMEOUT)
                .until(() -> Objects.equals(
                        volume("apps", "postgres-data").get().getStatus().capacityBytes(), 20L << 30));
        assertThat(sim.rds().disk(slot))
                .get()
                .extracting(SimulatedDisk::fileSizeBytes)
                .isEqualTo(20L << 30);
        assertThat(watch.writes()).as("one status write for the resize").isEqualTo(1);
        watch.assertSpecAndGenerationOnlyChangedByUs(2L);
        watch.close();

        // Delete policy removes disk and file; Retain keeps both.
        String scratchSlot = scratch.getStatus().slot();
        String archiveSlot = volume("apps", "archive").get().getStatus().slot();
        TestCluster.get().kubectl("delete", "rdsv/scratch", "rdsv/archive", "-n", "apps", "--timeout=60s");
        assertThat(sim.rds().disk(scratchSlot)).isEmpty();
        assertThat(sim.rds().files()).doesNotContainKey(fileName(scratchSlot));
        assertThat(sim.rds().disk(archiveSlot)).isPresent();
        assertThat(sim.rds().files()).containsKey(fileName(archiveSlot));
    }

    @Test
    void adoptsAnUnmarkedDiskWhereAllowedAndRefusesAnotherVolumesDisk() {
        String pool = "adopt-" + NAMES.incrementAndGet();
        String ns = namespace();
        client.resource(env.poolConfigYaml(pool, "  tenancy: {adoptionNamespaces: [" + ns + "]}\n"))
                .create();
        String otherOwner = new OwnerMarker("99999999-1111-2222-3333-444455556666", "other", "db", pool).text();
        sim.rds()
                .putDisk(new SimulatedDisk(
                        "legacy-db", BASE + "legacy-db.img", 2L << 30, true, 4420, "nqn.x:legacy", false));
        sim.rds()
                .putDisk(new SimulatedDisk(
                                "taken", "/storage-pool/other/taken.img", 1L << 30, true, 4420, "nqn.x:taken", false)
                        .withComment(otherOwner));
        long addsBefore = adds();

        client.resource(volumeYaml(ns, "adopted", pool, "2Gi", "legacy-db")).create();
        client.resource(volumeYaml(ns, "conflict", pool, "1Gi", "taken")).create();

        awaitReady(ns, "adopted");
        var adopted = volume(ns, "adopted").get();
        assertThat(adopted.getStatus().capacityBytes()).isEqualTo(2L << 30);
        assertThat(adopted.getStatus().adopted()).isTrue();
        assertThat(ready(adopted).getReason()).isEqualTo("Adopted");
        assertThat(sim.rds().disk("legacy-db").orElseThrow().comment())
                .startsWith("rds-operator owner=" + adopted.getMetadata().getUid() + " adopted=yes");
        await().atMost(READY_TIMEOUT).untilAsserted(() -> {
            var status = volume(ns, "conflict").get().getStatus();
            assertThat(status).isNotNull();
            assertThat(status.phase()).isEqualTo(Phase.Failed);
            assertThat(ready(volume(ns, "conflict").get()).getReason()).isEqualTo("DiskOwnedByAnotherVolume");
        });
        assertThat(adds()).as("no /disk add for adopted or conflicting slots").isEqualTo(addsBefore);
        assertThat(sim.rds().disk("taken").orElseThrow().comment()).isEqualTo(otherOwner);

        // The conflicting volume is deleted without touching the other disk; the adopted one is retained by default.
        TestCluster.get().kubectl("delete", "rdsv/conflict", "rdsv/adopted", "-n", ns, "--timeout=60s");
        assertThat(sim.rds().disk("taken"))
                .as(() -> "commands: "
                        + sim.commandLog().stream()
                                .filter(c -> c.contains("taken") || c.contains("legacy-db"))
                                .toList())
                .isPresent();
        assertThat(sim.rds().disk("legacy-db"))
                .as(() -> "commands: "
                        + sim.commandLog().stream()
                                .filter(c -> c.contains("legacy-db"))
                                .toList())
                .isPresent();
        assertThat(sim.rds().files()).containsKey(fileName("legacy-db"));
    }

    @Test
    void exportsAreRestrictedWhereAskedAndATerminatingPoolConfigTakesNoNewVolumes() {
        String pool = "hosts-" + NAMES.incrementAndGet();
        String poolDefault = "nqn.2014-08.org.nvmexpress:uuid:pool-default";
        String own = "nqn.2014-08.org.nvmexpress:uuid:own";
        client.resource(env.poolConfigYaml(
                        pool,
                        "  volumeDefaults: {allowedHostName: \"" + poolDefault + "\"}\n"
                                + "  tenancy: {allowedHostNames: [\"" + own + "\"]}\n"))
                .create();
        String ns = namespace();
        client.resource(volumeYaml(ns, "pool-default", pool, "1Gi", null)).create();
        client.resource(volumeYaml(ns, "own", pool, "1Gi", null) + "  allowedHostName: \"" + own + "\"\n")
                .create();
        awaitReady(ns, "pool-default");
        awaitReady(ns, "own");
        assertThat(sim.rds().disk(volume(ns, "pool-default").get().getStatus().slot()))
                .hasValueSatisfying(d -> assertThat(d.allowHostName()).isEqualTo(poolDefault));
        assertThat(sim.rds().disk(volume(ns, "own").get().getStatus().slot()))
                .hasValueSatisfying(d -> assertThat(d.allowHostName()).isEqualTo(own));

        // Deleting the pool config waits for its volumes (InUse); meanwhile it takes no new ones.
        client.resources(RdsPoolConfig.class).withName(pool).delete();
        await().atMost(READY_TIMEOUT)
                .until(() -> client.resources(RdsPoolConfig.class)
                                .withName(pool)
                                .get()
                                .getMetadata()
                                .getDeletionTimestamp()
                        != null);
        long addsBefore = adds();
        client.resource(volumeYaml(ns, "late", pool, "1Gi", null)).create();
        await().atMost(READY_TIMEOUT).untilAsserted(() -> {
            var late = volume(ns, "late").get();
            assertThat(late.getStatus()).isNotNull();
            assertThat(late.getStatus().phase()).isEqualTo(Phase.Pending);
            assertThat(ready(late).getReason()).isEqualTo("PoolConfigTerminating");
        });
        assertThat(adds())
                .as("no /disk add while the pool config is being deleted")
                .isEqualTo(addsBefore);
        TestCluster.get().kubectl("delete", "rdsv/pool-default", "rdsv/own", "rdsv/late", "-n", ns, "--timeout=60s");
        await().atMost(READY_TIMEOUT)
                .until(() ->
                        client.resources(RdsPoolConfig.class).withName(pool).get() == null);
    }

    @Test
    void volumeWaitsForItsPoolConfigAndIsCreatedOnceItExists() {
        String pool = "late-" + NAMES.incrementAndGet();
        String ns = namespace();
        client.resource(volumeYaml(ns, "early", pool, "1Gi", null)).create();
        await().atMost(READY_TIMEOUT).untilAsserted(() -> {
            var v = volume(ns, "early").get();
            assertThat(v.getStatus()).isNotNull();
            assertThat(v.getStatus().phase()).isEqualTo(Phase.Pending);
            assertThat(ready(v).getReason()).isEqualTo("PoolConfigNotFound");
        });
        client.resource(env.poolConfigYaml(pool, "")).create();
        awaitReady(ns, "early");
    }

    @Test
    void poolConfigEditedWhileFiftyVolumesAreCreatedLosesNothing() {
        String pool = "busy-" + NAMES.incrementAndGet();
        client.resource(env.poolConfigYaml(pool, "  rateLimit: {requestsPerSecond: 10, burst: 5}\n"))
                .create();
        awaitPoolReady(pool);
        String ns = namespace();
        List<String> names = IntStream.range(0, 50).mapToObj(i -> "bulk-" + i).toList();
        for (String name : names) {
            client.resource(volumeYaml(ns, name, pool, "1Gi", null)).create();
        }
        // Hot reload while they are being created: faster rate, smaller pool, other breaker threshold.
        // A merge patch, as kubectl patch sends it: no resourceVersion to race the operator's status writes with.
        client.resources(RdsPoolConfig.class)
                .withName(pool)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"pool\":{\"maxSize\":3,\"maxIdle\":2},"
                                + "\"rateLimit\":{\"requestsPerSecond\":50,\"burst\":50},"
                                + "\"circuitBreaker\":{\"failureThreshold\":4,\"openDuration\":\"3s\","
                                + "\"halfOpenProbes\":1}}}");
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> assertThat(
                        client.resources(RdsVolume.class).inNamespace(ns).list().getItems())
                .hasSize(50)
                .allSatisfy(v -> assertThat(
                                v.getStatus() == null ? null : v.getStatus().phase())
                        .isEqualTo(Phase.Ready)));
        for (RdsVolume v :
                client.resources(RdsVolume.class).inNamespace(ns).list().getItems()) {
            assertThat(ready(v).getReason()).isEqualTo("Provisioned");
            assertThat(sim.rds().disk(v.getStatus().slot())).isPresent();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var status =
                    client.resources(RdsPoolConfig.class).withName(pool).get().getStatus();
            assertThat(status.pool().maxSize()).isEqualTo(3);
            assertThat(status.appliedGeneration()).isEqualTo(2L);
            assertThat(status.pool().summary()).startsWith("Connections(total=");
        });
    }

    @Test
    void rdsOutageOpensTheCircuitAndVolumesRecoverWhenItIsBack() {
        String pool = "outage-" + NAMES.incrementAndGet();
        client.resource(env.poolConfigYaml(pool, "")).create();
        awaitPoolReady(pool);
        String ns = namespace();

        sim.knobs().rejectAuth(true).dropNext(10_000);
        try {
            client.resource(volumeYaml(ns, "during-outage", pool, "1Gi", null)).create();
            await().atMost(READY_TIMEOUT).untilAsserted(() -> {
                var pc = client.resources(RdsPoolConfig.class).withName(pool).get();
                assertThat(pc.getStatus().circuitState())
                        .isNotEqualTo(io.srvlab.rds.api.RdsPoolConfigStatus.CircuitState.CLOSED);
                var v = volume(ns, "during-outage").get();
                assertThat(v.getStatus()).isNotNull();
                assertThat(ready(v).getStatus()).isEqualTo(Condition.FALSE);
                assertThat(ready(v).getReason()).isIn("CircuitOpen", "RdsUnreachable", "AuthFailed");
            });
        } finally {
            sim.knobs().reset();
        }
        awaitReady(ns, "during-outage");
        await().atMost(READY_TIMEOUT).untilAsserted(() -> assertThat(client.resources(RdsPoolConfig.class)
                        .withName(pool)
                        .get()
                        .getStatus()
                        .circuitState())
                .isEqualTo(io.srvlab.rds.api.RdsPoolConfigStatus.CircuitState.CLOSED));
    }

    @Test
    void rotatedKeySecretHotReloadsThePool() {
        String pool = "rotate-" + NAMES.incrementAndGet();
        client.resource(env.poolConfigYaml(pool, "")).create();
        awaitPoolReady(pool);
        String reloadedAt = client.resources(RdsPoolConfig.class)
                .withName(pool)
                .get()
                .getStatus()
                .lastReloadTime();
        long handshakes = sim.handshakes();
        try {
            env.writeKeySecret(true);
            await().atMost(READY_TIMEOUT).untilAsserted(() -> {
                var status = client.resources(RdsPoolConfig.class)
                        .withName(pool)
                        .get()
                        .getStatus();
                assertThat(status.lastReloadTime()).isNotEqualTo(reloadedAt);
                assertThat(sim.handshakes()).isGreaterThan(handshakes);
            });
            String ns = namespace();
            client.resource(volumeYaml(ns, "after-rotation", pool, "1Gi", null)).create();
            awaitReady(ns, "after-rotation");
        } finally {
            env.writeKeySecret(false);
        }
    }

    /** Drift checks of settled volumes so far with the given result, as the operator counts them. */
    private double driftChecks(String result) {
        Counter counter =
                meters.find("rds.volume.drift.checks").tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    private static long adds() {
        return sim.commandLog().stream().filter(c -> c.startsWith("/disk add")).count();
    }

    private static String fileName(String slot) {
        return BASE.substring(1) + slot + ".img";
    }

    private static void awaitReady(String ns, String name) {
        await("RdsVolume " + ns + "/" + name + " Ready").atMost(READY_TIMEOUT).until(() -> {
            var v = volume(ns, name).get();
            return v != null && v.getStatus() != null && Condition.TRUE.equals(ready(v).getStatus());
        });
    }

    private static void awaitPoolReady(String name) {
        await("RdsPoolConfig " + name + " Ready").atMost(READY_TIMEOUT).until(() -> {
            var pc = client.resources(RdsPoolConfig.class).withName(name).get();
            return pc.getStatus() != null && Conditions.isTrue(pc.getStatus().conditions(), "Ready");
        });
    }

    private static Condition ready(RdsVolume volume) {
        return Conditions.find(volume.getStatus().conditions(), "Ready").orElseThrow();
    }

    private static Resource<RdsVolume> volume(String ns, String name) {
        return client.resources(RdsVolume.class).inNamespace(ns).withName(name);
    }

    private static String namespace() {
        String ns = "it-" + NAMES.incrementAndGet();
        Namespaces.ensure(client, ns);
        return ns;
    }

    private static void kubectlApply(String yaml) throws Exception {
        Path file = Files.createTempFile("manifest", ".yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        TestCluster.get().kubectl("apply", "-f", file.toString());
        Files.delete(file);
    }

    static String volumeYaml(String ns, String name, String pool, String size, String slot) {
        return """
                apiVersion: rds.srvlab.io/v1alpha1
                kind: RdsVolume
                metadata: {name: %s, namespace: %s}
                spec:
                  poolConfigName: %s
                  size: "%s"
                %s""".formatted(name, ns, pool, size, slot == null ? "" : "  slot: " + slot + "\n");
    }

    /** Counts status writes to one volume and records every spec and generation it sees. */
    static final class StatusWrites implements Watcher<RdsVolume>, AutoCloseable {
        private final List<RdsVolume> seen = new CopyOnWriteArrayList<>();
        private final AtomicInteger writes = new AtomicInteger();
        private final RdsVolume initial;
        private Watch watch;

        private StatusWrites(RdsVolume initial) {
            this.initial = initial;
        }

        static StatusWrites watch(Resource<RdsVolume> resource) {
            var writes = new StatusWrites(resource.get());
            writes.watch = resource.watch(writes);
            return writes;
        }

        int writes() {
            return writes.get();
        }

        @Override
        public void eventReceived(Action action, RdsVolume volume) {
            if (action == Action.MODIFIED
                    && !volume.getMetadata()
                            .getResourceVersion()
                            .equals(initial.getMetadata().getResourceVersion())) {
                RdsVolume previous = seen.isEmpty() ? initial : seen.get(seen.size() - 1);
                if (Objects.equals(previous.getSpec(), volume.getSpec())
                        && !Objects.equals(previous.getStatus(), volume.getStatus())) {
                    writes.incrementAndGet();
                }
                seen.add(volume);
            }
        }

        /** Every observed change of spec or generation is the test's own edit ({@code expectedGeneration}). */
        void assertSpecAndGenerationOnlyChangedByUs(long expectedGeneration) {
            List<Long> generations = new ArrayList<>();
            seen.forEach(v -> generations.add(v.getMetadata().getGeneration()));
            assertThat(generations).allSatisfy(g -> assertThat(g).isBetween(1L, expectedGeneration));
            assertThat(seen).allSatisfy(v -> assertThat(v.getMetadata().getLabels())
                    .isEqualTo(initial.getMetadata().getLabels()));
        }

        @Override
        public void onClose(WatcherException cause) {}

        @Override
        public void close() {
            watch.close();
        }
    }
}
