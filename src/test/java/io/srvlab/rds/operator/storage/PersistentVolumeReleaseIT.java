package io.srvlab.rds.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.testing.Namespaces;
import io.srvlab.rds.testing.TestCluster;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, finding 1, against a real API server: a volume whose owner reference a tenant changed had a second
 * PersistentVolume written, and deletion looked at the recorded one only — so a disk was removed under a Pod that
 * used the other, which then pointed at whatever disk got that NQN next. Before its disk goes, every
 * PersistentVolume labelled with the volume's uid is looked at and removed.
 */
class PersistentVolumeReleaseIT {
    private static final String NS = "pv-release";

    private final KubernetesClient client = TestCluster.get().client();

    @Test
    void everyPersistentVolumeOfTheVolumeIsLookedAtBeforeItsDiskGoes() {
        Namespaces.ensure(client, NS);
        String uid = UUID.randomUUID().toString();
        RdsVolume volume = volume(uid, "rdsv-" + uid);
        String first = "rdsv-" + uid;
        String second = "pvc-" + UUID.randomUUID();
        client.resource(persistentVolume(first, uid, "first-claim")).create();
        client.resource(persistentVolume(second, uid, "second-claim")).create();
        client.resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName("second-claim")
                        .withNamespace(NS)
                        .endMetadata()
                        .withNewSpec()
                        .withStorageClassName("")
                        .withAccessModes("ReadWriteOnce")
                        .withVolumeName(second)
                        .withNewResources()
                        .withRequests(Map.of("storage", new Quantity("1Gi")))
                        .endResources()
                        .endSpec()
                        .build())
                .create();
        client.resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("uses-second")
                        .withNamespace(NS)
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("app")
                        .withImage("registry.example/app:1")
                        .endContainer()
                        .addNewVolume()
                        .withName("data")
                        .withNewPersistentVolumeClaim()
                        .withClaimName("second-claim")
                        .endPersistentVolumeClaim()
                        .endVolume()
                        .endSpec()
                        .build())
                .create();
        var sync = new PersistentVolumeSync(client);

        var blocked = sync.release(volume);

        assertThat(blocked).hasValueSatisfying(b -> {
            assertThat(b.reason()).isEqualTo(Reasons.VOLUME_IN_USE);
            assertThat(b.message()).contains(second).contains(NS + "/uses-second");
        });
        assertThat(client.persistentVolumes()
                        .withName(first)
                        .get()
                        .getMetadata()
                        .getDeletionTimestamp())
                .as("nothing is deleted while one of them is in use")
                .isNull();

        client.pods().inNamespace(NS).withName("uses-second").withGracePeriod(0).delete();
        client.pods()
                .inNamespace(NS)
                .withName("uses-second")
                .waitUntilCondition(pod -> pod == null, 30, java.util.concurrent.TimeUnit.SECONDS);
        var waiting = sync.release(volume);

        for (String name : List.of(first, second)) {
            PersistentVolume pv = client.persistentVolumes().withName(name).get();
            assertThat(pv == null || pv.getMetadata().getDeletionTimestamp() != null)
                    .as("%s deleted", name)
                    .isTrue();
        }
        // The API server's pv-protection finalizer keeps them until a controller manager releases them.
        waiting.ifPresent(b -> assertThat(b.reason()).isEqualTo(Reasons.PERSISTENT_VOLUME_BOUND));
    }

    private static RdsVolume volume(String uid, String recordedName) {
        var volume = new RdsVolume();
        volume.getMetadata().setName("data");
        volume.getMetadata().setNamespace(NS);
        volume.getMetadata().setUid(uid);
        volume.setSpec(new RdsVolumeSpec(
                "main",
                "1Gi",
                null,
                null,
                null,
                null,
                new RdsVolumeSpec.PersistentVolume(null, null, null, null, null, null, null, null)));
        volume.setStatus(RdsVolumeStatus.empty().withPersistentVolume(recordedName));
        return volume;
    }

    private static PersistentVolume persistentVolume(String name, String volumeUid, String claim) {
        return new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of(
                        PersistentVolumes.LABEL_MANAGED_BY,
                        PersistentVolumes.MANAGED_BY,
                        PersistentVolumes.LABEL_VOLUME_UID,
                        volumeUid))
                .endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("1Gi")))
                .withAccessModes("ReadWriteOnce")
                .withPersistentVolumeReclaimPolicy("Retain")
                .withStorageClassName("")
                .withClaimRef(new ObjectReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("PersistentVolumeClaim")
                        .withNamespace(NS)
                        .withName(claim)
                        .build())
                .withNewCsi()
                .withDriver("org.democratic-csi.node-manual")
                .withVolumeHandle("nqn.2000-02.com.mikrotik:" + name)
                .endCsi()
                .endSpec()
                .build();
    }
}
