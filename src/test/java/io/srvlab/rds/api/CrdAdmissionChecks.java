package io.srvlab.rds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.srvlab.rds.testing.CrdInstaller;
import io.srvlab.rds.testing.Namespaces;
import io.srvlab.rds.testing.TestCluster;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRDs on a real kube-apiserver: defaults, admission validation, printer columns. Run against the
 * release the tests use ({@link CrdAdmissionIT}) and the oldest release the chart declares
 * ({@link CrdAdmissionOnMinimumKubernetesIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrdAdmissionChecks {
    private static final String NS = "admission";
    private static final AtomicInteger NAMES = new AtomicInteger();
    private KubernetesClient client;
    private TestCluster cluster;

    /** The Kubernetes release whose API server the checks run against. */
    abstract String kubernetesVersion();

    @BeforeAll
    void installCrds() throws Exception {
        cluster = TestCluster.get(kubernetesVersion());
        client = cluster.client();
        CrdInstaller.install(client);
        Namespaces.ensure(client, NS);
    }

    @Test
    void apiServerReturnsTheCommittedCrdsUnchanged() throws Exception {
        for (String file : new String[] {"rdspoolconfigs.rds.srvlab.io.yaml", "rdsvolumes.rds.srvlab.io.yaml"}) {
            CustomResourceDefinition committed = CrdGeneration.load(CrdGeneration.CRD_DIR.resolve(file));
            CustomResourceDefinition served = client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(committed.getMetadata().getName())
                    .get();
            assertThat(Serialization.asYaml(served.getSpec()))
                    .as("spec of %s as served", file)
                    .isEqualTo(Serialization.asYaml(committed.getSpec()));
        }
    }

    @Test
    void poolConfigGetsTheSeedDefaults() {
        String name = name("defaults");
        client.resource(poolConfig(name, UnaryOperator.identity())).create();

        RdsPoolConfig read =
                client.resources(RdsPoolConfig.class).withName(name).get();
        var spec = read.getSpec();
        assertThat(spec.server().port()).isEqualTo(22);
        assertThat(spec.server().user()).isEqualTo("admin");
        assertThat(spec.server().connectTimeout()).isEqualTo("10s");
        assertThat(spec.server().commandTimeout()).isEqualTo("30s");
        assertThat(spec.server().insecureSkipHostKeyVerification()).isFalse();
        assertThat(spec.server().privateKeySecretRef().key()).isEqualTo("id_ed25519");
        assertThat(spec.pool()).isEqualTo(new RdsPoolConfigSpec.Pool(10, 5, "5m", "30s"));
        assertThat(spec.rateLimit()).isEqualTo(new RdsPoolConfigSpec.RateLimit(10, 20));
        assertThat(spec.circuitBreaker()).isEqualTo(new RdsPoolConfigSpec.CircuitBreaker(5, "30s", 1));
        assertThat(spec.volumeDefaults())
                .isEqualTo(new RdsPoolConfigSpec.VolumeDefaults(
                        "/storage-pool/kubernetes-volumes", 4420, "nqn.2000-02.com.mikrotik", null));
        assertThat(spec.statusInterval()).isEqualTo("30s");
    }

    @Test
    void volumeLeavesTheDeletionPolicyToTheOperatorUnlessWritten() {
        String name = name("vol");
        client.resource(volume(name, "10Gi", null)).create();

        RdsVolume read =
                client.resources(RdsVolume.class).inNamespace(NS).withName(name).get();
        // Absent means Delete for a disk the operator creates and Retain for an adopted one: a default filled in by
        // the API server would hide whether the user asked for Delete.
        assertThat(read.getSpec().deletionPolicy()).isNull();
        assertThat(read.getSpec().size()).isEqualTo("10Gi");
        assertThat(read.getSpec().slot()).isNull();
    }

    static Stream<Arguments> invalidPoolConfigs() {
        return Stream.of(
                Arguments.of(
                        "maxIdle > maxSize", "  pool: {maxSize: 2, maxIdle: 3}\n", "maxIdle must not exceed maxSize"),
                Arguments.of("zero rate", "  rateLimit: {requestsPerSecond: 0}\n", "requestsPerSecond"),
                Arguments.of("zero burst", "  rateLimit: {burst: 0}\n", "burst"),
                Arguments.of("zero duration", "  pool: {acquireTimeout: 0s}\n", "must be a positive duration"),
                Arguments.of("not a duration", "  pool: {idleTimeout: soon}\n", "idleTimeout"),
                Arguments.of("zero threshold", "  circuitBreaker: {failureThreshold: 0}\n", "failureThreshold"),
                Arguments.of(
                        "base path with ;", "  volumeDefaults: {basePath: \"/storage;/disk remove 0\"}\n", "basePath"),
                Arguments.of("base path with ..", "  volumeDefaults: {basePath: /storage/../etc}\n", "basePath"),
                Arguments.of("relative base path", "  volumeDefaults: {basePath: storage}\n", "basePath"),
                Arguments.of(
                        "nqn prefix with $", "  volumeDefaults: {nqnPrefix: \"nqn.2000-02.com.$x\"}\n", "nqnPrefix"),
                Arguments.of("nqn prefix month 13", "  volumeDefaults: {nqnPrefix: nqn.2000-13.com.x}\n", "nqnPrefix"),
                Arguments.of(
                        "nqn prefix too long for a 63-character slot",
                        "  volumeDefaults: {nqnPrefix: nqn.2000-02.c" + "o".repeat(147) + "}\n",
                        "nqnPrefix"),
                Arguments.of(
                        "base path too long for a file path",
                        "  volumeDefaults: {basePath: /" + "a".repeat(187) + "}\n",
                        "basePath"),
                Arguments.of(
                        "base path segment too long",
                        "  volumeDefaults: {basePath: /" + "a".repeat(64) + "}\n",
                        "basePath"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPoolConfigs")
    void invalidPoolConfigIsRejectedAtAdmission(String label, String extraSpec, String expectedMessage) {
        String yaml = poolConfigYaml(name("bad"), extraSpec);
        assertRejected(() -> client.resource(yaml).create(), expectedMessage);
    }

    @Test
    void poolConfigWithoutRequiredFieldsIsRejected() {
        String yaml = """
                apiVersion: rds.srvlab.io/v1alpha1
                kind: RdsPoolConfig
                metadata: {name: %s}
                spec:
                  server: {port: 22}
                """.formatted(name("missing"));
        assertRejected(() -> client.resource(yaml).create(), "spec.server.address: Required value");
        String noSecret = """
                apiVersion: rds.srvlab.io/v1alpha1
                kind: RdsPoolConfig
                metadata: {name: %s}
                spec:
                  server: {address: 10.0.0.1, hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA"}
                """.formatted(name("missing"));
        assertRejected(() -> client.resource(noSecret).create(), "privateKeySecretRef: Required value");
    }

    @Test
    void hostKeyIsRequiredUnlessVerificationIsExplicitlySkipped() {
        String noHostKey = """
                apiVersion: rds.srvlab.io/v1alpha1
                kind: RdsPoolConfig
                metadata: {name: %s}
                spec:
                  server:
                    address: 10.0.0.1
                    privateKeySecretRef: {namespace: rds-system, name: rds-ssh}
                """;
        assertRejected(
                () -> client.resource(noHostKey.formatted(name("nokey"))).create(),
                "hostKey is required unless insecureSkipHostKeyVerification is true");
        String insecure = noHostKey + "    insecureSkipHostKeyVerification: true\n";
        client.resource(insecure.formatted(name("insecure"))).create();
    }

    static Stream<Arguments> invalidVolumes() {
        return Stream.of(
                Arguments.of("negative size", "-1Gi", null, "spec.size"),
                Arguments.of("zero size", "0", null, "size must be positive"),
                Arguments.of("size with ;", "1Gi;/disk", null, "spec.size"),
                Arguments.of("slot with ;", "1Gi", "a;b", "spec.slot"),
                Arguments.of("slot with [", "1Gi", "a[find]", "spec.slot"),
                Arguments.of("slot with $", "1Gi", "a$x", "spec.slot"),
                Arguments.of("slot with quote", "1Gi", "a\\\"b", "spec.slot"),
                Arguments.of("slot with space", "1Gi", "a b", "spec.slot"),
                Arguments.of("slot with newline", "1Gi", "a\\nb", "spec.slot"),
                Arguments.of("slot with backslash", "1Gi", "a\\\\b", "spec.slot"),
                Arguments.of("slot too long", "1Gi", "a".repeat(64), "spec.slot"),
                Arguments.of("slot starting with -", "1Gi", "-a", "spec.slot"),
                Arguments.of("operator's own slot prefix", "1Gi", "rdsv-0b5c2f4e", "reserved for disks the operator"),
                Arguments.of("operator's prefix in capitals", "1Gi", "RDSV-x", "reserved for disks the operator"));
    }

    @Test
    void requestTokensAndHostNamesAreAllowListed() {
        String token = volumeYaml(name("token"), "1Gi", null) + "  recreateMissingDisk: \"a;b\"\n";
        assertRejected(() -> client.resource(token).create(), "recreateMissingDisk");
        String host = volumeYaml(name("host"), "1Gi", null) + "  allowedHostName: \"nqn x\"\n";
        assertRejected(() -> client.resource(host).create(), "allowedHostName");
        String fine = volumeYaml(name("fine"), "1Gi", null)
                + "  recreateMissingDisk: \"2026-11-29.1\"\n  allowedHostName: nqn.2014-08.org.nvmexpress:uuid:1\n";
        client.resource(fine).create();
    }

    @Test
    void storageNetworkAddressesAreHostsAndAtMostEight() {
        client.resource(poolConfigYaml(
                        name("data"), "  nvmeTcp: {addresses: [10.50.0.1, rds-data.example, fd00::1]}\n"))
                .create();
        assertRejected(
                () -> client.resource(poolConfigYaml(name("data"), "  nvmeTcp: {addresses: [\"10.0.0.1;x\"]}\n"))
                        .create(),
                "nvmeTcp.addresses");
        assertRejected(
                () -> client.resource(poolConfigYaml(name("data"), "  nvmeTcp: {addresses: []}\n"))
                        .create(),
                "nvmeTcp.addresses");
        String nine =
                "  nvmeTcp: {addresses: [" + String.join(",", java.util.Collections.nCopies(9, "10.0.0.1")) + "]}\n";
        assertRejected(() -> client.resource(poolConfigYaml(name("data"), nine)).create(), "nvmeTcp.addresses");
    }

    @Test
    void persistentVolumeRequestsAreAllowListedAndDefaulted() {
        String name = name("pv");
        client.resource(volumeYaml(name, "1Gi", null) + "  persistentVolume: {}\n")
                .create();
        var pv = client.resources(RdsVolume.class)
                .inNamespace(NS)
                .withName(name)
                .get()
                .getSpec()
                .persistentVolume();
        assertThat(pv.driver()).isEqualTo("democratic-csi");
        assertThat(pv.volumeMode()).isEqualTo("Filesystem");
        assertThat(pv.fsType()).isEqualTo("ext4");
        assertThat(pv.accessMode()).isEqualTo("ReadWriteOnce");
        for (String[] bad : List.of(
                new String[] {"{driver: rds-csi}", "persistentVolume.driver"},
                new String[] {"{driver: csi-driver-nvmf}", "needs deviceUUID"},
                new String[] {"{claimName: \"a;b\"}", "persistentVolume.claimName"},
                new String[] {"{volumeMode: Raw}", "persistentVolume.volumeMode"},
                new String[] {"{fsType: \"ext4 -E\"}", "persistentVolume.fsType"},
                new String[] {"{fsType: hfsplus}", "persistentVolume.fsType"},
                new String[] {"{accessMode: ReadWriteMany}", "persistentVolume.accessMode"},
                new String[] {"{mountOptions: [\"ro;x\"]}", "persistentVolume.mountOptions"},
                new String[] {"{driver: csi-driver-nvmf, deviceUUID: not-a-uuid}", "persistentVolume.deviceUUID"})) {
            String yaml = volumeYaml(name("pv"), "1Gi", null) + "  persistentVolume: " + bad[0] + "\n";
            assertRejected(() -> client.resource(yaml).create(), bad[1]);
        }
    }

    @Test
    void aPinnedHostKeyCannotBeCombinedWithSkippingVerification() {
        String both = poolConfigYaml(name("both"), "")
                .replace("    hostKey:", "    insecureSkipHostKeyVerification: true\n    hostKey:");
        assertRejected(() -> client.resource(both).create(), "exclude each other");
    }

    @Test
    void tenancyListsTakeNamespaceNamesOrTheWildcard() {
        client.resource(poolConfigYaml(
                        name("tenancy"), "  tenancy: {namespaces: [apps, \"*\"], adoptionNamespaces: [apps]}\n"))
                .create();
        assertRejected(
                () -> client.resource(poolConfigYaml(name("tenancy"), "  tenancy: {namespaces: [\"Apps;x\"]}\n"))
                        .create(),
                "tenancy.namespaces");
    }

    @Test
    void adoptionNamesEachNamespaceTheWildcardIsRefused() {
        assertRejected(
                () -> client.resource(poolConfigYaml(name("adopt-all"), "  tenancy: {adoptionNamespaces: [\"*\"]}\n"))
                        .create(),
                "tenancy.adoptionNamespaces");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidVolumes")
    void invalidVolumeIsRejectedAtAdmission(String label, String size, String slot, String expectedMessage) {
        String yaml = volumeYaml(name("bad"), size, slot);
        assertRejected(() -> client.resource(yaml).create(), expectedMessage);
    }

    @Test
    void volumeWithoutRequiredFieldsIsRejected() {
        String yaml = """
                apiVersion: rds.srvlab.io/v1alpha1
                kind: RdsVolume
                metadata: {name: %s, namespace: %s}
                spec: {deletionPolicy: Retain}
                """.formatted(name("missing"), NS);
        assertRejected(() -> client.resource(yaml).create(), "spec.poolConfigName: Required value");
        assertRejected(() -> client.resource(yaml).create(), "spec.size: Required value");
        String badPolicy = volumeYaml(name("policy"), "1Gi", null).replace("size:", "deletionPolicy: Keep\n  size:");
        assertRejected(() -> client.resource(badPolicy).create(), "deletionPolicy");
    }

    @Test
    void sizeMayGrowButNeverShrink() {
        String name = name("grow");
        client.resource(volume(name, "10Gi", null)).create();
        var volumes = client.resources(RdsVolume.class).inNamespace(NS).withName(name);

        volumes.edit(v -> withSpec(v, RdsVolumeSpec.of("main", "20Gi", null, null)));
        assertThat(volumes.get().getSpec().size()).isEqualTo("20Gi");
        // Same quantity in another unit is not a shrink.
        volumes.edit(v -> withSpec(v, RdsVolumeSpec.of("main", "20480Mi", null, null)));

        assertRejected(
                () -> volumes.edit(v -> withSpec(v, RdsVolumeSpec.of("main", "19Gi", null, null))),
                "size may grow but never shrink");
        assertThat(volumes.get().getSpec().size()).isEqualTo("20480Mi");
    }

    @Test
    void poolConfigNameAndSlotAreImmutable() {
        String name = name("immutable");
        client.resource(volume(name, "1Gi", "disk-a")).create();
        var volumes = client.resources(RdsVolume.class).inNamespace(NS).withName(name);

        assertRejected(
                () -> volumes.edit(v -> withSpec(v, RdsVolumeSpec.of("other", "1Gi", null, "disk-a"))),
                "poolConfigName is immutable");
        assertRejected(
                () -> volumes.edit(v -> withSpec(v, RdsVolumeSpec.of("main", "1Gi", null, "disk-b"))),
                "slot is immutable");
        assertRejected(
                () -> volumes.edit(v -> withSpec(v, RdsVolumeSpec.of("main", "1Gi", null, null))), "slot is immutable");

        String unslotted = name("unslotted");
        client.resource(volume(unslotted, "1Gi", null)).create();
        assertRejected(
                () -> client.resources(RdsVolume.class)
                        .inNamespace(NS)
                        .withName(unslotted)
                        .edit(v -> withSpec(v, RdsVolumeSpec.of("main", "1Gi", null, "late-slot"))),
                "slot is immutable");
    }

    /** What the node acts on is fixed once written: no Block volume is later mounted as a crafted filesystem. */
    @Test
    void volumeModeAndFsTypeAreImmutableAndThePersistentVolumeRequestStays() {
        String name = name("format");
        client.resource(volumeYaml(name, "1Gi", null) + "  persistentVolume: {volumeMode: Block}\n")
                .create();
        var volumes = client.resources(RdsVolume.class).inNamespace(NS).withName(name);
        java.util.function.Function<RdsVolumeSpec.PersistentVolume, RdsVolumeSpec> with =
                pv -> new RdsVolumeSpec("main", "1Gi", null, null, null, null, pv);
        var written = volumes.get().getSpec().persistentVolume();

        assertRejected(
                () -> volumes.edit(v -> withSpec(
                        v,
                        with.apply(new RdsVolumeSpec.PersistentVolume(
                                written.driver(),
                                written.claimName(),
                                "Filesystem",
                                written.fsType(),
                                written.accessMode(),
                                written.storageClassName(),
                                null,
                                null)))),
                "volumeMode and fsType are immutable");
        assertRejected(
                () -> volumes.edit(v -> withSpec(
                        v,
                        with.apply(new RdsVolumeSpec.PersistentVolume(
                                written.driver(),
                                written.claimName(),
                                written.volumeMode(),
                                "xfs",
                                written.accessMode(),
                                written.storageClassName(),
                                null,
                                null)))),
                "volumeMode and fsType are immutable");
        assertRejected(
                () -> volumes.edit(v -> withSpec(v, with.apply(null))), "persistentVolume cannot be removed once set");
        assertThat(volumes.get().getSpec().persistentVolume().volumeMode()).isEqualTo("Block");
    }

    @Test
    void kubectlShowsThePrinterColumns() {
        String pc = name("columns");
        client.resource(poolConfig(pc, UnaryOperator.identity())).create();
        String vol = name("columns");
        client.resource(volume(vol, "5Gi", "slot-5")).create();

        String volumes = cluster.kubectl("get", "rdsv", "-n", NS, vol);
        assertThat(volumes.lines().findFirst().orElseThrow())
                .matches("NAME\\s+POOL\\s+SIZE\\s+PHASE\\s+READY\\s+REASON\\s+CAPACITY\\s+AGE");
        assertThat(volumes).contains(vol).contains("main").contains("5Gi");
        String wide = cluster.kubectl("get", "rdsv", "-n", NS, vol, "-o", "wide");
        assertThat(wide.lines().findFirst().orElseThrow())
                .matches("NAME\\s+POOL\\s+SIZE\\s+PHASE\\s+READY\\s+REASON\\s+CAPACITY\\s+SLOT\\s+NQN\\s+AGE");

        String configs = cluster.kubectl("get", "rdspc", pc);
        assertThat(configs.lines().findFirst().orElseThrow())
                .matches("NAME\\s+ADDRESS\\s+CIRCUIT\\s+ACTIVE\\s+IDLE\\s+READY\\s+ORPHANS\\s+AGE");
        assertThat(configs).contains("10.42.68.1");
        String configsWide = cluster.kubectl("get", "rdspc", pc, "-o", "wide");
        assertThat(configsWide.lines().findFirst().orElseThrow())
                .matches("NAME\\s+ADDRESS\\s+CIRCUIT\\s+ACTIVE\\s+IDLE\\s+READY\\s+FREE\\s+ORPHANS\\s+FOREIGN\\s+AGE");

        String both = cluster.kubectl("get", "rdsvolumes,rdspoolconfigs", "-A");
        assertThat(both).contains("rdsvolume.rds.srvlab.io/" + vol).contains("rdspoolconfig.rds.srvlab.io/" + pc);
        String category = cluster.kubectl("get", "rds", "-A");
        assertThat(category).contains("rdsvolume.rds.srvlab.io/" + vol).contains("rdspoolconfig.rds.srvlab.io/" + pc);
    }

    private static void assertRejected(Runnable action, String expectedMessage) {
        assertThatThrownBy(action::run)
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
                .hasMessageContaining(expectedMessage);
    }

    private static RdsVolume withSpec(RdsVolume volume, RdsVolumeSpec spec) {
        volume.setSpec(spec);
        return volume;
    }

    private static String name(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    static String poolConfigYaml(String name, String extraSpec) {
        return """
                apiVersion: rds.srvlab.io/v1alpha1
                kind: RdsPoolConfig
                metadata: {name: %s}
                spec:
                  server:
                    address: 10.42.68.1
                    privateKeySecretRef: {namespace: rds-system, name: rds-ssh}
                    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb2 rds"
                %s""".formatted(name, extraSpec);
    }

    private static RdsPoolConfig poolConfig(String name, UnaryOperator<String> edit) {
        return Serialization.unmarshal(edit.apply(poolConfigYaml(name, "")), RdsPoolConfig.class);
    }

    static String volumeYaml(String name, String size, String slot) {
        return """
                apiVersion: rds.srvlab.io/v1alpha1
                kind: RdsVolume
                metadata: {name: %s, namespace: %s}
                spec:
                  poolConfigName: main
                  size: "%s"
                %s""".formatted(name, NS, size, slot == null ? "" : "  slot: \"" + slot + "\"\n");
    }

    private static RdsVolume volume(String name, String size, String slot) {
        return Serialization.unmarshal(volumeYaml(name, size, slot), RdsVolume.class);
    }
}
