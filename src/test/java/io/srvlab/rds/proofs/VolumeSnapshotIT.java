package io.srvlab.rds.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedSubvolume;
import io.srvlab.rds.testing.ControllerManager;
import io.srvlab.rds.testing.OperatorInstallation;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.Readiness;
import io.srvlab.rds.testing.SnapshotController;
import io.srvlab.rds.testing.TestCluster;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * VolumeSnapshots for backup tools, end to end with the real parts: the CSI snapshot-controller and its CRDs (built
 * from kubernetes-csi/external-snapshotter by hack/snapshot-controller.sh), kube-controller-manager binding claims,
 * the packaged operator with the chart's opt-in RBAC and VolumeSnapshotClass (volumeSnapshots.enabled), and the
 * simulator over SSH. A claim's pattern is in the claim restored from its VolumeSnapshot, not what the source got
 * later; deleting the VolumeSnapshot (Delete) leaves no subvolume; a content that names another namespace's volume
 * gets no snapshot.
 */
class VolumeSnapshotIT {
    private static final Duration CONVERGE = Duration.ofMinutes(2);
    private static final String POOL = "vs-proof";
    private static final String BASE = "/storage-pool/vs-proof";
    private static final String STORAGE_CLASS = "rds-vs-proof";
    private static final String SNAPSHOT_CLASS = "rds-snapshots";
    private static final String RELEASE = "rds-operator";
    private static final List<String> NAMESPACES = List.of("vs-tenant", "vs-victim", "vs-thief");
    private static final long OFFSET = 1L << 20;
    private static final byte[] FIRST = "written before the VolumeSnapshot".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LATER = "written after the VolumeSnapshot!".getBytes(StandardCharsets.US_ASCII);

    private static ProofEnvironment env;
    private static RouterOsSimulator sim;
    private static KubernetesClient client;
    private static List<String> snapshotCrds = List.of();
    private static List<HasMetadata> chartObjects = List.of();
    private static ControllerManager controllerManager;
    private static SnapshotController snapshotController;
    private static OperatorProcess operator;

    @BeforeAll
    static void start() {
        env = ProofEnvironment.get();
        sim = env.simulator();
        client = env.client();
        // A restore attaches /disk add to the image the writable snapshot holds (assumed, see docs/snapshots.md).
        sim.knobs().existingFileError(null);
        snapshotCrds = SnapshotController.installCrds(client);
        chartObjects = applyChartVolumeSnapshotObjects();
        Path logs = Path.of("target", "proofs");
        controllerManager = ControllerManager.start(TestCluster.get(), logs.resolve("vs-kube-controller-manager.log"));
        snapshotController = SnapshotController.start(TestCluster.get(), logs.resolve("snapshot-controller.log"));
        operator = env.startOperator("vs-proof", Map.of("rds.volume-snapshots.enabled", "true"));
        env.createPoolConfig(POOL, BASE, "  snapshots: {method: btrfsSubvolume, filesystem: storage-pool}\n");
        client.resource("""
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: %s}
                provisioner: rds.srvlab.io
                parameters: {poolConfig: %s}
                reclaimPolicy: Delete
                volumeBindingMode: Immediate
                """.formatted(STORAGE_CLASS, POOL)).createOr(existing -> existing.update());
    }

    @AfterAll
    static void stop() {
        try {
            releaseSnapshotObjects();
            if (operator != null && operator.isAlive()) {
                for (String ns : NAMESPACES) { // what a failed test left, so that the pool config can go
                    client.persistentVolumeClaims().inNamespace(ns).delete();
                }
                await("volumes of the claims gone").atMost(CONVERGE).until(() -> NAMESPACES.stream()
                        .allMatch(ns -> env.volumes(ns).isEmpty()));
                env.deletePoolConfig(POOL); // its finalizer needs the operator
            }
        } finally {
            for (AutoCloseable process : new AutoCloseable[] {operator, snapshotController, controllerManager}) {
                closeQuietly(process);
            }
            client.storage().v1().storageClasses().withName(STORAGE_CLASS).delete();
            for (HasMetadata object : chartObjects) {
                client.resource(object).delete();
            }
            SnapshotController.deleteCrds(client, snapshotCrds);
            sim.rds().reset();
            sim.knobs().reset();
        }
    }

    /** What a failed test left: VolumeSnapshots and contents lose their finalizers (so their CRDs can go). */
    private static void releaseSnapshotObjects() {
        for (String kind : List.of("VolumeSnapshot", "VolumeSnapshotContent")) {
            var objects = client.genericKubernetesResources("snapshot.storage.k8s.io/v1", kind);
            for (GenericKubernetesResource object :
                    objects.inAnyNamespace().list().getItems()) {
                var resource = client.resource(object);
                resource.edit(o -> {
                    o.getMetadata().setFinalizers(List.of());
                    return o;
                });
                resource.delete();
            }
        }
    }

    @Test
    void aVolumeSnapshotTakenThroughTheRealSnapshotControllerRestoresIntoAClaimAndGoesWithItsPolicy() {
        String ns = "vs-tenant";
        env.createNamespace(ns);
        createClaim(ns, "source", null);
        awaitBound(ns, "source");
        RdsVolume source = env.volume(ns, "source");
        sim.rds().writeImage(source.getStatus().filePath(), OFFSET, FIRST);

        client.resource("""
                apiVersion: snapshot.storage.k8s.io/v1
                kind: VolumeSnapshot
                metadata: {name: backup, namespace: %s}
                spec:
                  volumeSnapshotClassName: %s
                  source: {persistentVolumeClaimName: source}
                """.formatted(ns, SNAPSHOT_CLASS)).create();
        await("VolumeSnapshot ready to use (snapshot-controller log: target/proofs/snapshot-controller.log, operator"
                        + " log: " + operator.log() + ")")
                .atMost(CONVERGE)
                .until(() ->
                        Boolean.TRUE.equals(status(volumeSnapshot(ns, "backup")).get("readyToUse")));
        GenericKubernetesResource snapshot = volumeSnapshot(ns, "backup");
        assertThat(status(snapshot).get("restoreSize")).isEqualTo("1Gi");
        assertThat(status(snapshot).get("creationTime")).isNotNull();
        String contentName = (String) status(snapshot).get("boundVolumeSnapshotContentName");
        GenericKubernetesResource content = content(contentName);
        String contentUid = content.getMetadata().getUid();
        Map<String, Object> contentStatus = status(content);
        assertThat(contentStatus.get("snapshotHandle")).isEqualTo(ns + "/vsc-" + contentUid);
        assertThat(contentStatus.get("readyToUse")).isEqualTo(true);
        assertThat(((Number) contentStatus.get("restoreSize")).longValue()).isEqualTo(1L << 30);
        assertThat(((Number) contentStatus.get("creationTime")).longValue()).isPositive();
        // The mark goes in its own write, after the status that made the snapshot ready.
        await("the being-created mark is dropped once the snapshot is taken")
                .atMost(CONVERGE)
                .untilAsserted(
                        () -> assertThat(content(contentName).getMetadata().getAnnotations())
                                .doesNotContainKey("snapshot.storage.kubernetes.io/volumesnapshot-being-created"));
        assertThat(content.getMetadata().getFinalizers())
                .contains("snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection");
        RdsSnapshot held = rdsSnapshot(ns, "vsc-" + contentUid);
        assertThat(held.getSpec().source().volumeName()).isEqualTo("source");
        assertThat(held.getStatus().readyToUse()).isTrue();
        String rdsName = held.getStatus().rdsName();
        assertThat(rdsName).isEqualTo("vs-proof/rdss-" + held.getMetadata().getUid());
        assertThat(sim.rds().subvolume(rdsName)).isPresent();

        sim.rds().writeImage(source.getStatus().filePath(), OFFSET, LATER);
        createClaim(ns, "restored", "backup");
        awaitBound(ns, "restored");
        RdsVolume restored = env.volume(ns, "restored");
        assertThat(restored.getSpec().source().snapshotName()).isEqualTo("vsc-" + contentUid);
        assertThat(sim.rds().readImage(restored.getStatus().filePath(), OFFSET, FIRST.length))
                .as("the restored claim holds what the source held when the VolumeSnapshot was taken")
                .isEqualTo(FIRST);

        createClaim(ns, "as-block", "backup", "Block");
        await("a Block claim from a Filesystem volume's snapshot refused, as the external-provisioner refuses it")
                .atMost(CONVERGE)
                .until(() -> client.v1().events().inNamespace(ns).list().getItems().stream()
                        .anyMatch(e -> "as-block".equals(e.getInvolvedObject().getName())
                                && "ProvisioningFailed".equals(e.getReason())
                                && e.getMessage().contains("allow-volume-mode-change")));
        assertThat(env.volume(ns, "as-block")).isNull();
        // (while it waits, the snapshot-controller keeps the VolumeSnapshot from going: it is a restore's source)
        client.persistentVolumeClaims().inNamespace(ns).withName("as-block").delete();
        await("the refused claim gone before its source goes")
                .atMost(CONVERGE)
                .until(() -> client.persistentVolumeClaims()
                                .inNamespace(ns)
                                .withName("as-block")
                                .get()
                        == null);

        client.genericKubernetesResources("snapshot.storage.k8s.io/v1", "VolumeSnapshot")
                .inNamespace(ns)
                .withName("backup")
                .delete();
        await("VolumeSnapshot, its content and its RdsSnapshot gone, the snapshot off the RDS (Delete)")
                .atMost(CONVERGE)
                .until(() -> volumeSnapshot(ns, "backup") == null
                        && content(contentName) == null
                        && client.resources(RdsSnapshot.class)
                                .inNamespace(ns)
                                .list()
                                .getItems()
                                .isEmpty()
                        && sim.rds().subvolume(rdsName).isEmpty());

        List<String> slots = diskSlots(ns);
        client.persistentVolumeClaims().inNamespace(ns).delete();
        await("claims deleted: their volumes and disks gone")
                .atMost(CONVERGE)
                .until(() -> env.volumes(ns).isEmpty() && disksGone(slots));
        assertThat(sim.rds().subvolumes())
                .as("Delete everywhere: no subvolume of this pool config left")
                .extracting(SimulatedSubvolume::name)
                .noneMatch(name -> name.startsWith(POOL + "/"));
    }

    @Test
    void aContentNamingAnotherNamespacesVolumeGetsNoSnapshot() {
        String victim = "vs-victim";
        String thief = "vs-thief";
        env.createNamespace(victim);
        env.createNamespace(thief);
        createClaim(victim, "secret-data", null);
        awaitBound(victim, "secret-data");
        String nqn = env.volume(victim, "secret-data").getStatus().nqn();

        // A VolumeSnapshot in the thief's namespace bound to a content (made by whoever may write contents) whose
        // volume handle is the victim's volume.
        HasMetadata steal = client.resource("""
                apiVersion: snapshot.storage.k8s.io/v1
                kind: VolumeSnapshot
                metadata: {name: steal, namespace: %s}
                spec:
                  source: {volumeSnapshotContentName: crafted}
                """.formatted(thief)).create();
        client.resource("""
                apiVersion: snapshot.storage.k8s.io/v1
                kind: VolumeSnapshotContent
                metadata: {name: crafted}
                spec:
                  driver: rds.srvlab.io
                  deletionPolicy: Delete
                  source: {volumeHandle: "%s"}
                  volumeSnapshotClassName: %s
                  volumeSnapshotRef: {namespace: %s, name: steal, uid: %s}
                """.formatted(
                                nqn, SNAPSHOT_CLASS, thief, steal.getMetadata().getUid()))
                .create();

        await("the content refused with SourceNotInNamespace (operator log: " + operator.log() + ")")
                .atMost(CONVERGE)
                .until(() -> errorMessage(content("crafted")).startsWith("SourceNotInNamespace: "));
        assertThat(client.resources(RdsSnapshot.class).inAnyNamespace().list().getItems())
                .as("no RdsSnapshot anywhere")
                .isEmpty();
        assertThat(sim.rds().subvolumes())
                .as("only the victim's volume subvolume; no snapshot of it")
                .extracting(SimulatedSubvolume::name)
                .containsExactly("vs-proof/rdsv-"
                        + env.volume(victim, "secret-data").getMetadata().getUid());
        assertThat(status(content("crafted")).get("snapshotHandle")).isNull();

        client.genericKubernetesResources("snapshot.storage.k8s.io/v1", "VolumeSnapshot")
                .inNamespace(thief)
                .withName("steal")
                .delete();
        client.genericKubernetesResources("snapshot.storage.k8s.io/v1", "VolumeSnapshotContent")
                .withName("crafted")
                .delete();
        await("the crafted content, its VolumeSnapshot gone, is released (nothing was taken, nothing is deleted)")
                .atMost(CONVERGE)
                .until(() -> content("crafted") == null);
        List<String> slots = diskSlots(victim);
        client.persistentVolumeClaims().inNamespace(victim).delete();
        await("the victim's claim, volume and disk gone")
                .atMost(CONVERGE)
                .until(() -> env.volumes(victim).isEmpty() && disksGone(slots));
    }

    /** The slots of the namespace's volumes (the simulator also holds disks earlier proof classes left on purpose). */
    private static List<String> diskSlots(String namespace) {
        List<String> slots = env.volumes(namespace).stream()
                .map(volume -> volume.getStatus().slot())
                .toList();
        assertThat(slots).isNotEmpty().doesNotContainNull();
        return slots;
    }

    private static boolean disksGone(List<String> slots) {
        return slots.stream().noneMatch(slot -> sim.rds().disk(slot).isPresent());
    }

    /** The chart with volumeSnapshots.enabled: its VolumeSnapshotClass and snapshotter RBAC, applied for real. */
    private static List<HasMetadata> applyChartVolumeSnapshotObjects() {
        String rendered = new Helm(Path.of("helm", "rds-operator"))
                .template()
                .withName(RELEASE)
                .withNamespace(OperatorInstallation.NAMESPACE)
                .withKubeVersion("v" + TestCluster.VERSION)
                .set("volumeSnapshots.enabled", "true")
                .skipCrds()
                .call();
        List<HasMetadata> objects = client.load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8)))
                .items();
        assertThat(objects)
                .filteredOn(o -> o.getKind().equals("Deployment"))
                .singleElement()
                .satisfies(d -> assertThat(client.getKubernetesSerialization().asJson(d))
                        .contains("{\"name\":\"RDS_VOLUME_SNAPSHOTS_ENABLED\",\"value\":\"true\"}"));
        List<HasMetadata> picked = objects.stream()
                .filter(o -> o.getKind().equals("VolumeSnapshotClass")
                        || o.getMetadata().getName().equals(RELEASE + "-volume-snapshots"))
                .toList();
        assertThat(picked)
                .extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("VolumeSnapshotClass", "ClusterRole", "ClusterRoleBinding");
        for (HasMetadata object : picked) {
            client.resource(object).forceConflicts().serverSideApply();
        }
        return picked;
    }

    private static void createClaim(String ns, String name, String fromVolumeSnapshot) {
        createClaim(ns, name, fromVolumeSnapshot, "Filesystem");
    }

    private static void createClaim(String ns, String name, String fromVolumeSnapshot, String volumeMode) {
        String dataSource = fromVolumeSnapshot == null
                ? ""
                : "  dataSourceRef: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: "
                        + fromVolumeSnapshot + "}\n";
        client.resource("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: %s, namespace: %s}
                spec:
                  storageClassName: %s
                  volumeMode: %s
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                %s""".formatted(name, ns, STORAGE_CLASS, volumeMode, dataSource))
                .create();
    }

    private static void awaitBound(String ns, String name) {
        await("claim " + ns + "/" + name + " Bound, its RdsVolume Ready (operator log: " + operator.log() + ")")
                .atMost(CONVERGE)
                .until(() -> {
                    PersistentVolumeClaim claim = client.persistentVolumeClaims()
                            .inNamespace(ns)
                            .withName(name)
                            .get();
                    return claim != null
                            && claim.getStatus() != null
                            && "Bound".equals(claim.getStatus().getPhase())
                            && Readiness.isReady(env.volume(ns, name));
                });
    }

    private static GenericKubernetesResource volumeSnapshot(String ns, String name) {
        return client.genericKubernetesResources("snapshot.storage.k8s.io/v1", "VolumeSnapshot")
                .inNamespace(ns)
                .withName(name)
                .get();
    }

    private static GenericKubernetesResource content(String name) {
        return client.genericKubernetesResources("snapshot.storage.k8s.io/v1", "VolumeSnapshotContent")
                .withName(name)
                .get();
    }

    private static RdsSnapshot rdsSnapshot(String ns, String name) {
        return client.resources(RdsSnapshot.class)
                .inNamespace(ns)
                .withName(name)
                .get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource resource) {
        Object status =
                resource == null ? null : resource.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static String errorMessage(GenericKubernetesResource content) {
        Object error = status(content).get("error");
        return error instanceof Map<?, ?> m
                ? Objects.requireNonNullElse((String) ((Map<String, Object>) m).get("message"), "")
                : "";
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("closing " + closeable + ": " + e);
        }
    }
}
