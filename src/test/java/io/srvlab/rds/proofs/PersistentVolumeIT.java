package io.srvlab.rds.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.testing.ControllerManager;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.Readiness;
import io.srvlab.rds.testing.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * From an RdsVolume or a claim of a StorageClass to a claim a Pod can use, with the real Kubernetes PV controller
 * (kube-controller-manager of the same release, next to kube-api-test's API server) binding the claims, and the
 * packaged operator as its ServiceAccount. Every PersistentVolume is checked field by field against what its node
 * driver reads, with the storage-network address (not the SSH address). There is no kubelet and no scheduler: a Pod is
 * admitted by the API server and stays Pending; nothing connects to the export.
 */
class PersistentVolumeIT {
    private static final Duration CONVERGE = Duration.ofMinutes(2);
    private static final String POOL = "pv-proof";
    private static final String BASE = "/storage-pool/pv-proof";
    private static final String DATA_1 = "10.99.0.10";
    private static final String DATA_2 = "10.99.1.10";
    private static final long GIB = 1L << 30;
    private static final long COPY_OFFSET = 1L << 20;
    private static final byte[] BEFORE_SNAPSHOT = "written before the snapshot".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AFTER_SNAPSHOT = "written after the snapshot!".getBytes(StandardCharsets.US_ASCII);

    private static ProofEnvironment env;
    private static RouterOsSimulator sim;
    private static KubernetesClient client;
    private static ControllerManager controllerManager;
    private static OperatorProcess operator;

    @BeforeAll
    static void start() {
        env = ProofEnvironment.get();
        sim = env.simulator();
        client = env.client();
        controllerManager =
                ControllerManager.start(TestCluster.get(), Path.of("target", "proofs", "kube-controller-manager.log"));
        operator = env.startOperator("pv-proof");
        // One tenant's RDS: csi-driver-nvmf's deviceUUID comes from the volume, which only such a pool config takes.
        env.createPoolConfig(
                POOL,
                BASE,
                "  nvmeTcp: {addresses: [" + DATA_1 + ", " + DATA_2 + "]}\n"
                        + "  persistentVolumes: {singleTenant: true}\n");
    }

    @AfterAll
    static void stop() {
        try {
            if (operator != null && operator.isAlive()) {
                env.deletePoolConfig(POOL); // its finalizer needs the operator
            }
        } finally {
            if (operator != null) {
                operator.close();
            }
            if (controllerManager != null) {
                controllerManager.close();
            }
        }
    }

    @Test
    void aVolumeWithAPersistentVolumeIsBoundToItsClaimAndNeverDeletedFromUnderAPod() {
        String ns = "pv-static";
        env.createNamespace(ns);
        client.resource("""
                apiVersion: rds.srvlab.io/v1alpha1
                kind: RdsVolume
                metadata: {name: data, namespace: %s}
                spec:
                  poolConfigName: %s
                  size: 1Gi
                  persistentVolume: {claimName: data-claim, fsType: xfs}
                """.formatted(ns, POOL)).create();
        RdsVolume volume = awaitPersistentVolume(ns, "data");
        assertThat(volume.getStatus().nvmeTcp().address())
                .as("the storage-network address, not the SSH address")
                .isEqualTo(DATA_1);
        assertThat(volume.getStatus().nvmeTcp().addresses()).containsExactly(DATA_1, DATA_2);
        SimulatedDisk disk = sim.rds().disk(volume.getStatus().slot()).orElseThrow();
        PersistentVolume pv = pv(volume.getStatus().persistentVolume());

        assertThat(pv.getMetadata().getName())
                .isEqualTo("rdsv-" + volume.getMetadata().getUid());
        assertBackReferences(pv, volume);
        assertThat(pv.getMetadata().getAnnotations()).doesNotContainKey("pv.kubernetes.io/provisioned-by");
        assertThat(bytes(pv)).as("capacity = the disk's exact size").isEqualTo(disk.fileSizeBytes());
        assertThat(pv.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
        assertThat(pv.getSpec().getVolumeMode()).isEqualTo("Filesystem");
        assertThat(Objects.requireNonNullElse(pv.getSpec().getStorageClassName(), ""))
                .isEmpty();
        assertThat(pv.getSpec().getClaimRef().getNamespace()).isEqualTo(ns);
        assertThat(pv.getSpec().getClaimRef().getName()).isEqualTo("data-claim");
        assertThat(pv.getSpec().getClaimRef().getKind()).isEqualTo("PersistentVolumeClaim");
        assertDemocraticCsi(pv, disk, "xfs");

        createClaim(ns, "data-claim", "", "1Gi", "Filesystem", "ReadWriteOnce");
        PersistentVolumeClaim bound = awaitBound(ns, "data-claim");
        assertThat(bound.getSpec().getVolumeName()).isEqualTo(pv.getMetadata().getName());
        await("PersistentVolume Bound").atMost(CONVERGE).until(() -> "Bound"
                .equals(phase(pv(pv.getMetadata().getName()))));
        await("the volume's PersistentVolume condition says Bound")
                .atMost(CONVERGE)
                .until(() -> condition(volume(ns, "data"), "PersistentVolume")
                        .filter(c -> "Bound".equals(c.getReason()))
                        .isPresent());
        Pod pod = createPod(ns, "app", "data-claim");
        assertThat(pod.getMetadata().getUid())
                .as("the Pod passed validation and admission")
                .isNotBlank();

        env.patchVolume(ns, "data", "{\"spec\":{\"size\":\"2Gi\"}}");
        await("the PersistentVolume grows with the disk")
                .atMost(CONVERGE)
                .until(() -> bytes(pv(pv.getMetadata().getName())) == 2 * GIB);
        assertThat(sim.rds().disk(disk.slot()).orElseThrow().fileSizeBytes()).isEqualTo(2 * GIB);

        // Someone turns the export off on the RDS: the next drift check sets the operator's own disk right.
        SimulatedDisk grown = sim.rds().disk(disk.slot()).orElseThrow();
        sim.rds()
                .putDisk(new SimulatedDisk(
                        grown.slot(),
                        grown.filePath(),
                        grown.fileSizeBytes(),
                        false,
                        grown.nvmeTcpPort(),
                        grown.nqn(),
                        grown.mountFilesystem(),
                        grown.comment(),
                        grown.allowHostName()));
        await("the export set back by a drift check")
                .atMost(CONVERGE)
                .until(() -> sim.rds().disk(disk.slot()).orElseThrow().nvmeTcpExport());
        await("a Warning event ExportRepaired").atMost(CONVERGE).until(() -> env.volumeEvents(ns).stream()
                .anyMatch(e -> "ExportRepaired".equals(e.getReason())
                        && e.getMessage().contains("nvme-tcp-export is not yes")));
        assertThat(Readiness.isReady(volume(ns, "data"))).isTrue();

        client.resources(RdsVolume.class).inNamespace(ns).withName("data").delete();
        await("deletion refused while the Pod uses the claim").atMost(CONVERGE).until(() -> Readiness.ready(
                        volume(ns, "data"))
                .filter(c -> "VolumeInUse".equals(c.getReason()))
                .isPresent());
        String refusal = Readiness.ready(volume(ns, "data")).orElseThrow().getMessage();
        assertThat(refusal)
                .contains("PersistentVolume " + pv.getMetadata().getName())
                .contains(ns + "/data-claim")
                .contains("Pod " + ns + "/app");
        assertThat(pv(pv.getMetadata().getName()).getMetadata().getDeletionTimestamp())
                .as("the PersistentVolume is left as it is")
                .isNull();
        assertThat(sim.rds().disk(disk.slot())).as("the disk is left as it is").isPresent();

        client.pods().inNamespace(ns).withName("app").delete();
        client.persistentVolumeClaims().inNamespace(ns).withName("data-claim").delete();
        await("the volume, its PersistentVolume and its disk are gone once the Pod and claim are")
                .atMost(CONVERGE)
                .until(() -> volume(ns, "data") == null
                        && pv(pv.getMetadata().getName()) == null
                        && sim.rds().disk(disk.slot()).isEmpty());
        VolumeInvariants.assertNothingLeft(sim, BASE);
        System.out.printf("persistent volume: deletion refused with: %s%n", refusal);
    }

    @Test
    void csiDriverNvmfBlockVolumeWaitsForItsBoundClaimBeforeItGoes() {
        String ns = "pv-nvmf";
        String uuid = "58668891-c3e4-45d0-b90e-824525c16080";
        env.createNamespace(ns);
        client.resource("""
                apiVersion: rds.srvlab.io/v1alpha1
                kind: RdsVolume
                metadata: {name: raw, namespace: %s}
                spec:
                  poolConfigName: %s
                  size: 1536Mi
                  persistentVolume:
                    driver: csi-driver-nvmf
                    claimName: raw-claim
                    volumeMode: Block
                    accessMode: ReadWriteOncePod
                    deviceUUID: %s
                """.formatted(ns, POOL, uuid)).create();
        RdsVolume volume = awaitPersistentVolume(ns, "raw");
        SimulatedDisk disk = sim.rds().disk(volume.getStatus().slot()).orElseThrow();
        PersistentVolume pv = pv(volume.getStatus().persistentVolume());
        assertBackReferences(pv, volume);
        assertThat(bytes(pv)).isEqualTo(disk.fileSizeBytes()).isEqualTo(1536L << 20);
        assertThat(pv.getSpec().getAccessModes()).containsExactly("ReadWriteOncePod");
        assertThat(pv.getSpec().getVolumeMode()).isEqualTo("Block");
        assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
        var csi = pv.getSpec().getCsi();
        assertThat(csi.getDriver()).isEqualTo("csi.nvmf.com");
        assertThat(csi.getVolumeHandle())
                .as("csi-driver-nvmf takes the NQN from the volume handle")
                .isEqualTo(disk.nqn());
        assertThat(csi.getFsType()).as("no filesystem on a block volume").isNull();
        assertThat(csi.getVolumeAttributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "targetTrAddr",
                        DATA_1,
                        "targetTrPort",
                        String.valueOf(disk.nvmeTcpPort()),
                        "targetTrType",
                        "tcp",
                        "nqn",
                        disk.nqn(),
                        "deviceUUID",
                        uuid));

        createClaim(ns, "raw-claim", "", "1Gi", "Block", "ReadWriteOncePod");
        assertThat(awaitBound(ns, "raw-claim").getSpec().getVolumeName())
                .isEqualTo(pv.getMetadata().getName());

        client.resources(RdsVolume.class).inNamespace(ns).withName("raw").delete();
        await("with no Pod, the PersistentVolume is deleted, and Kubernetes keeps it while the claim is bound")
                .atMost(CONVERGE)
                .until(() -> Readiness.ready(volume(ns, "raw"))
                        .filter(c -> "PersistentVolumeBound".equals(c.getReason()))
                        .isPresent());
        assertThat(sim.rds().disk(disk.slot()))
                .as("the disk stays while its PersistentVolume does")
                .isPresent();
        client.persistentVolumeClaims().inNamespace(ns).withName("raw-claim").delete();
        await("the volume goes once the claim is gone")
                .atMost(CONVERGE)
                .until(() -> volume(ns, "raw") == null
                        && pv(pv.getMetadata().getName()) == null
                        && sim.rds().disk(disk.slot()).isEmpty());
    }

    @Test
    void claimsOfTheStorageClassAreProvisionedBoundGrownAndDeletedWithTheirClaim() {
        String ns = "pv-dynamic";
        env.createNamespace(ns);
        client.resource("""
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: rds-proof}
                provisioner: rds.srvlab.io
                parameters: {poolConfig: %s, nodeDriver: democratic-csi, fsType: ext4}
                reclaimPolicy: Delete
                allowVolumeExpansion: true
                volumeBindingMode: Immediate
                mountOptions: [noatime]
                """.formatted(POOL)).createOr(existing -> existing.update());
        createClaim(ns, "app-data", "rds-proof", "1Gi", "Filesystem", "ReadWriteOnce");
        createClaim(ns, "app-raw", "rds-proof", "1Gi", "Block", "ReadWriteOnce");
        PersistentVolumeClaim data = awaitBound(ns, "app-data");
        PersistentVolumeClaim raw = awaitBound(ns, "app-raw");

        for (PersistentVolumeClaim claim : List.of(data, raw)) {
            String name = claim.getMetadata().getName();
            RdsVolume volume = volume(ns, name);
            assertThat(volume.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(owner -> {
                        assertThat(owner.getKind()).isEqualTo("PersistentVolumeClaim");
                        assertThat(owner.getUid()).isEqualTo(claim.getMetadata().getUid());
                        assertThat(owner.getController()).isTrue();
                    });
            assertThat(volume.getSpec().deletionPolicy().name()).isEqualTo("Delete");
            PersistentVolume pv = pv(claim.getSpec().getVolumeName());
            SimulatedDisk disk = sim.rds().disk(volume.getStatus().slot()).orElseThrow();
            assertThat(pv.getMetadata().getName())
                    .isEqualTo("pvc-" + claim.getMetadata().getUid());
            assertBackReferences(pv, volume);
            assertThat(pv.getMetadata().getAnnotations())
                    .containsEntry("pv.kubernetes.io/provisioned-by", "rds.srvlab.io");
            assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Delete");
            assertThat(pv.getSpec().getStorageClassName()).isEqualTo("rds-proof");
            assertThat(pv.getSpec().getClaimRef().getUid())
                    .isEqualTo(claim.getMetadata().getUid());
            assertThat(pv.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
            assertThat(bytes(pv)).isEqualTo(disk.fileSizeBytes()).isEqualTo(GIB);
            boolean block = name.equals("app-raw");
            assertThat(pv.getSpec().getVolumeMode()).isEqualTo(block ? "Block" : "Filesystem");
            assertThat(pv.getSpec().getMountOptions()).isEqualTo(block ? List.of() : List.of("noatime"));
            assertDemocraticCsi(pv, disk, block ? null : "ext4");
        }
        assertThat(createPod(ns, "app", "app-data").getMetadata().getUid()).isNotBlank();

        for (String name : List.of("app-raw", "app-data")) {
            client.persistentVolumeClaims().inNamespace(ns).withName(name).edit(c -> {
                c.getSpec().getResources().getRequests().put("storage", new Quantity("2Gi"));
                return c;
            });
        }
        await("the block claim's disk, PersistentVolume and capacity grown")
                .atMost(CONVERGE)
                .until(() -> grown(ns, "app-raw")
                        && bytes(claim(ns, "app-raw").getStatus().getCapacity()) == 2 * GIB);
        await("the filesystem claim's disk and PersistentVolume grown, its filesystem left to the node")
                .atMost(CONVERGE)
                .until(() -> grown(ns, "app-data")
                        && claim(ns, "app-data").getStatus().getAllocatedResources() != null
                        && bytes(claim(ns, "app-data")
                                        .getStatus()
                                        .getAllocatedResources()
                                        .get("storage"))
                                == 2 * GIB);
        PersistentVolumeClaim filesystem = claim(ns, "app-data");
        assertThat(filesystem.getStatus().getConditions())
                .anySatisfy(c -> assertThat(c.getType()).isEqualTo("FileSystemResizePending"));
        assertThat(filesystem.getStatus().getAllocatedResourceStatuses()).containsEntry("storage", "NodeResizePending");

        List<String> slots = List.of(
                volume(ns, "app-data").getStatus().slot(),
                volume(ns, "app-raw").getStatus().slot());
        client.pods().inNamespace(ns).withName("app").delete();
        client.persistentVolumeClaims().inNamespace(ns).withName("app-data").delete();
        client.persistentVolumeClaims().inNamespace(ns).withName("app-raw").delete();
        await("claims deleted: volumes, PersistentVolumes and disks gone (reclaim policy Delete)")
                .atMost(CONVERGE)
                .until(() -> env.volumes(ns).isEmpty()
                        && client.persistentVolumes()
                                .withLabel("rds.srvlab.io/volume-namespace", ns)
                                .list()
                                .getItems()
                                .isEmpty()
                        && slots.stream().allMatch(s -> sim.rds().disk(s).isEmpty()));
        VolumeInvariants.assertNothingLeft(sim, BASE);
        client.storage().v1().storageClasses().withName("rds-proof").delete();
    }

    @Test
    void aCloneClaimAndAClaimFromAnRdsSnapshotAreBoundByThePvControllerAndHoldTheirSourcesData() {
        String ns = "pv-copies";
        String pool = "pv-copies";
        String base = "/storage-pool/pv-copies";
        env.createNamespace(ns);
        sim.knobs().existingFileError(null); // a restore attaches the file a writable snapshot holds: docs/snapshots.md
        try {
            env.createPoolConfig(pool, base, "  snapshots: {method: btrfsSubvolume, filesystem: storage-pool}\n");
            client.resource("""
                    apiVersion: storage.k8s.io/v1
                    kind: StorageClass
                    metadata: {name: rds-copies}
                    provisioner: rds.srvlab.io
                    parameters: {poolConfig: %s, nodeDriver: democratic-csi, fsType: ext4}
                    reclaimPolicy: Delete
                    volumeBindingMode: Immediate
                    """.formatted(pool)).createOr(existing -> existing.update());
            createClaim(ns, "origin", "rds-copies", "1Gi", "Filesystem", "ReadWriteOnce");
            awaitBound(ns, "origin");
            String originImage = volume(ns, "origin").getStatus().filePath();
            sim.rds().writeImage(originImage, COPY_OFFSET, BEFORE_SNAPSHOT);

            client.resource("""
                    apiVersion: rds.srvlab.io/v1alpha1
                    kind: RdsSnapshot
                    metadata: {name: origin-snap, namespace: %s}
                    spec: {source: {volumeName: origin}, deletionPolicy: Delete}
                    """.formatted(ns)).create();
            await("RdsSnapshot origin-snap ready to use (operator log: " + operator.log() + ")")
                    .atMost(CONVERGE)
                    .until(() -> {
                        RdsSnapshot snapshot = snapshot(ns, "origin-snap");
                        return snapshot.getStatus() != null
                                && Boolean.TRUE.equals(snapshot.getStatus().readyToUse());
                    });
            sim.rds().writeImage(originImage, COPY_OFFSET, AFTER_SNAPSHOT);

            createCopyClaim(
                    ns,
                    "from-snapshot",
                    "dataSourceRef: {apiGroup: rds.srvlab.io, kind: RdsSnapshot, name: origin-snap}");
            createCopyClaim(ns, "clone", "dataSource: {kind: PersistentVolumeClaim, name: origin}");
            for (String name : List.of("from-snapshot", "clone")) {
                PersistentVolumeClaim claim = awaitBound(ns, name);
                PersistentVolume pv = pv(claim.getSpec().getVolumeName());
                assertThat(pv.getSpec().getClaimRef().getUid())
                        .isEqualTo(claim.getMetadata().getUid());
                assertThat(phase(pv)).isEqualTo("Bound");
                assertThat(volume(ns, name).getSpec().source())
                        .isEqualTo(
                                name.equals("clone")
                                        ? new RdsVolumeSpec.Source(null, "origin")
                                        : new RdsVolumeSpec.Source("origin-snap", null));
            }
            assertThat(sim.rds()
                            .readImage(
                                    volume(ns, "from-snapshot").getStatus().filePath(),
                                    COPY_OFFSET,
                                    BEFORE_SNAPSHOT.length))
                    .as("the claim from the RdsSnapshot holds what the source held when the snapshot was taken")
                    .isEqualTo(BEFORE_SNAPSHOT);
            assertThat(sim.rds()
                            .readImage(volume(ns, "clone").getStatus().filePath(), COPY_OFFSET, AFTER_SNAPSHOT.length))
                    .as("the clone holds what its source claim holds now")
                    .isEqualTo(AFTER_SNAPSHOT);

            client.resources(RdsSnapshot.class)
                    .inNamespace(ns)
                    .withName("origin-snap")
                    .delete();
            for (String name : List.of("from-snapshot", "clone", "origin")) {
                client.persistentVolumeClaims().inNamespace(ns).withName(name).delete();
            }
            await("claims and snapshot deleted: volumes, PersistentVolumes, disks and subvolumes gone")
                    .atMost(CONVERGE)
                    .until(() -> env.volumes(ns).isEmpty()
                            && snapshot(ns, "origin-snap") == null
                            && client.persistentVolumes()
                                    .withLabel("rds.srvlab.io/volume-namespace", ns)
                                    .list()
                                    .getItems()
                                    .isEmpty()
                            && sim.rds().subvolumes().stream()
                                    .noneMatch(s -> s.name().startsWith("pv-copies/")));
            VolumeInvariants.assertNothingLeft(sim, base);
            env.deletePoolConfig(pool);
            client.storage().v1().storageClasses().withName("rds-copies").delete();
        } finally {
            sim.knobs().reset();
        }
    }

    private static boolean grown(String ns, String name) {
        RdsVolume volume = volume(ns, name);
        PersistentVolume pv = pv(claim(ns, name).getSpec().getVolumeName());
        return volume.getStatus().capacityBytes() == 2 * GIB
                && sim.rds().disk(volume.getStatus().slot()).orElseThrow().fileSizeBytes() == 2 * GIB
                && bytes(pv) == 2 * GIB;
    }

    /** democratic-csi node-manual's nvmeof attributes, with both storage-network addresses. */
    private static void assertDemocraticCsi(PersistentVolume pv, SimulatedDisk disk, String fsType) {
        var csi = pv.getSpec().getCsi();
        assertThat(csi.getDriver()).isEqualTo("org.democratic-csi.node-manual");
        assertThat(csi.getVolumeHandle()).isEqualTo(disk.nqn());
        assertThat(csi.getFsType()).isEqualTo(fsType);
        int port = disk.nvmeTcpPort();
        assertThat(csi.getVolumeAttributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "node_attach_driver",
                        "nvmeof",
                        "provisioner_driver",
                        "node-manual",
                        "transport",
                        "tcp://" + DATA_1 + ":" + port,
                        "transports",
                        "tcp://" + DATA_1 + ":" + port + ",tcp://" + DATA_2 + ":" + port,
                        "nqn",
                        disk.nqn(),
                        "nsid",
                        "1"));
    }

    private static void assertBackReferences(PersistentVolume pv, RdsVolume volume) {
        assertThat(pv.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "rds-operator")
                .containsEntry("rds.srvlab.io/volume-uid", volume.getMetadata().getUid())
                .containsEntry(
                        "rds.srvlab.io/volume-namespace", volume.getMetadata().getNamespace())
                .containsEntry("rds.srvlab.io/volume-name", volume.getMetadata().getName());
        assertThat(pv.getMetadata().getAnnotations())
                .containsEntry(
                        "rds.srvlab.io/volume",
                        volume.getMetadata().getNamespace() + "/"
                                + volume.getMetadata().getName());
    }

    private static RdsVolume awaitPersistentVolume(String ns, String name) {
        await(name + " Ready with its PersistentVolume (operator log: " + operator.log() + ")")
                .atMost(CONVERGE)
                .until(() -> {
                    RdsVolume v = volume(ns, name);
                    return Readiness.isReady(v)
                            && v.getStatus().persistentVolume() != null
                            && pv(v.getStatus().persistentVolume()) != null;
                });
        return volume(ns, name);
    }

    private static PersistentVolumeClaim awaitBound(String ns, String name) {
        await("claim " + ns + "/" + name + " Bound (kube-controller-manager log: " + controllerManager.log() + ")")
                .atMost(CONVERGE)
                .until(() -> {
                    PersistentVolumeClaim claim = claim(ns, name);
                    return claim != null
                            && claim.getStatus() != null
                            && "Bound".equals(claim.getStatus().getPhase());
                });
        return claim(ns, name);
    }

    private static void createClaim(
            String ns, String name, String storageClass, String size, String volumeMode, String accessMode) {
        client.resource("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: %s, namespace: %s}
                spec:
                  storageClassName: "%s"
                  accessModes: [%s]
                  volumeMode: %s
                  resources: {requests: {storage: %s}}
                """.formatted(name, ns, storageClass, accessMode, volumeMode, size))
                .create();
    }

    private static void createCopyClaim(String ns, String name, String source) {
        client.resource("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: %s, namespace: %s}
                spec:
                  storageClassName: rds-copies
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                  %s
                """.formatted(name, ns, source)).create();
    }

    private static RdsSnapshot snapshot(String ns, String name) {
        return client.resources(RdsSnapshot.class)
                .inNamespace(ns)
                .withName(name)
                .get();
    }

    private static Pod createPod(String ns, String name, String claim) {
        return client.pods()
                .inNamespace(ns)
                .resource(client.getKubernetesSerialization().unmarshal("""
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: %s, namespace: %s}
                        spec:
                          containers:
                          - name: app
                            image: registry.k8s.io/pause:3.10
                            volumeMounts: [{name: data, mountPath: /data}]
                          volumes:
                          - name: data
                            persistentVolumeClaim: {claimName: %s}
                        """.formatted(name, ns, claim), Pod.class))
                .create();
    }

    private static RdsVolume volume(String ns, String name) {
        return env.volume(ns, name);
    }

    private static PersistentVolume pv(String name) {
        return client.persistentVolumes().withName(name).get();
    }

    private static PersistentVolumeClaim claim(String ns, String name) {
        return client.persistentVolumeClaims().inNamespace(ns).withName(name).get();
    }

    private static String phase(PersistentVolume pv) {
        return pv == null || pv.getStatus() == null ? null : pv.getStatus().getPhase();
    }

    private static long bytes(PersistentVolume pv) {
        return bytes(pv.getSpec().getCapacity().get("storage"));
    }

    /** The storage entry of a claim's status map, 0 while it has none. */
    private static long bytes(Map<String, Quantity> resources) {
        return resources == null || resources.get("storage") == null ? 0 : bytes(resources.get("storage"));
    }

    private static long bytes(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).longValueExact();
    }

    private static Optional<Condition> condition(RdsVolume volume, String type) {
        return volume == null || volume.getStatus() == null
                ? Optional.empty()
                : volume.getStatus().conditions().stream()
                        .filter(c -> type.equals(c.getType()))
                        .findFirst();
    }
}
