package io.srvlab.rds.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Quantity;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.api.RdsVolumeStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PersistentVolume an RdsVolume asks for, field by field, per node driver and origin. */
class PersistentVolumesTest {
    private static final String NQN = "nqn.2000-02.com.mikrotik:rdsv-1234";

    private static RdsVolume volume(RdsVolumeSpec.PersistentVolume wanted) {
        var volume = new RdsVolume();
        volume.getMetadata().setName("db");
        volume.getMetadata().setNamespace("apps");
        volume.getMetadata().setUid("1234");
        volume.setSpec(new RdsVolumeSpec("main", "10Gi", null, null, null, null, wanted));
        return volume;
    }

    private static RdsVolumeStatus status(List<String> addresses) {
        return RdsVolumeStatus.empty()
                .withDisk(
                        "rdsv-1234",
                        "/storage-pool/rdsv-1234.img",
                        NQN,
                        new RdsVolumeStatus.NvmeTcp(addresses.get(0), 4420, addresses.size() > 1 ? addresses : null),
                        10L << 30,
                        null);
    }

    @Test
    void democraticCsiNodeManualWithTwoPaths() {
        var wanted = new RdsVolumeSpec.PersistentVolume(
                "democratic-csi", "db-claim", "Filesystem", "xfs", "ReadWriteOnce", null, List.of("noatime"), null);
        PersistentVolume pv = PersistentVolumes.desired(
                volume(wanted), status(List.of("10.0.0.1", "fd00::1")), RdsVolumeSpec.DeletionPolicy.Delete);

        assertThat(pv.getMetadata().getName()).isEqualTo("rdsv-1234");
        assertThat(pv.getMetadata().getLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "app.kubernetes.io/managed-by", "rds-operator",
                        "rds.srvlab.io/volume-uid", "1234",
                        "rds.srvlab.io/volume-namespace", "apps",
                        "rds.srvlab.io/volume-name", "db"));
        assertThat(pv.getMetadata().getAnnotations())
                .containsExactlyEntriesOf(Map.of("rds.srvlab.io/volume", "apps/db"));
        var spec = pv.getSpec();
        assertThat(spec.getCapacity()).containsExactlyEntriesOf(Map.of("storage", new Quantity("10Gi")));
        assertThat(spec.getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(spec.getPersistentVolumeReclaimPolicy())
                .as("the deletion policy governs the disk; the user's PersistentVolume is kept by Kubernetes")
                .isEqualTo("Retain");
        assertThat(spec.getVolumeMode()).isEqualTo("Filesystem");
        assertThat(spec.getStorageClassName()).isEmpty();
        assertThat(spec.getMountOptions()).containsExactly("noatime");
        assertThat(spec.getClaimRef().getNamespace()).isEqualTo("apps");
        assertThat(spec.getClaimRef().getName()).isEqualTo("db-claim");
        assertThat(spec.getClaimRef().getUid()).isNull();
        assertThat(spec.getCsi().getDriver()).isEqualTo("org.democratic-csi.node-manual");
        assertThat(spec.getCsi().getVolumeHandle()).isEqualTo(NQN);
        assertThat(spec.getCsi().getFsType()).isEqualTo("xfs");
        assertThat(spec.getCsi().getVolumeAttributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "node_attach_driver", "nvmeof",
                        "provisioner_driver", "node-manual",
                        "transport", "tcp://10.0.0.1:4420",
                        "transports", "tcp://10.0.0.1:4420,tcp://[fd00::1]:4420",
                        "nqn", NQN,
                        "nsid", "1"));
    }

    @Test
    void csiDriverNvmfBlockWithOneAddressAndTheDefaultClaimName() {
        var wanted = new RdsVolumeSpec.PersistentVolume(
                "csi-driver-nvmf",
                null,
                "Block",
                "ext4",
                "ReadWriteOncePod",
                null,
                null,
                "58668891-c3e4-45d0-b90e-824525c16080");
        PersistentVolume pv = PersistentVolumes.desired(
                volume(wanted), status(List.of("10.0.0.1")), RdsVolumeSpec.DeletionPolicy.Retain);

        assertThat(pv.getSpec().getClaimRef().getName()).isEqualTo("db");
        assertThat(pv.getSpec().getVolumeMode()).isEqualTo("Block");
        assertThat(pv.getSpec().getAccessModes()).containsExactly("ReadWriteOncePod");
        assertThat(pv.getSpec().getMountOptions()).isEmpty();
        assertThat(pv.getSpec().getCsi().getDriver()).isEqualTo("csi.nvmf.com");
        assertThat(pv.getSpec().getCsi().getFsType()).isNull();
        assertThat(pv.getSpec().getCsi().getVolumeAttributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "targetTrAddr", "10.0.0.1",
                        "targetTrPort", "4420",
                        "targetTrType", "tcp",
                        "nqn", NQN,
                        "deviceUUID", "58668891-c3e4-45d0-b90e-824525c16080"));
    }

    @Test
    void aVolumeProvisionedForAClaimTakesTheExternalProvisionersShape() {
        var wanted = new RdsVolumeSpec.PersistentVolume(
                "democratic-csi", "db", "Filesystem", "ext4", "ReadWriteOnce", "rds-fast", null, null);
        RdsVolume volume = volume(wanted);
        volume.getMetadata()
                .setOwnerReferences(List.of(new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("PersistentVolumeClaim")
                        .withName("db")
                        .withUid("c1a1")
                        .withController(true)
                        .build()));
        PersistentVolume unchecked =
                PersistentVolumes.desired(volume, status(List.of("10.0.0.1")), RdsVolumeSpec.DeletionPolicy.Delete);
        assertThat(unchecked.getMetadata().getName())
                .as("an owner reference alone, before the claim was checked")
                .isEqualTo("rdsv-1234");
        assertThat(unchecked.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
        assertThat(unchecked.getMetadata().getAnnotations()).doesNotContainKey("pv.kubernetes.io/provisioned-by");
        for (var policy : RdsVolumeSpec.DeletionPolicy.values()) {
            PersistentVolume pv = PersistentVolumes.desired(
                    volume, status(List.of("10.0.0.1")).withClaimUid("c1a1"), policy);
            assertThat(pv.getMetadata().getName()).isEqualTo("pvc-c1a1");
            assertThat(pv.getMetadata().getAnnotations())
                    .containsEntry("pv.kubernetes.io/provisioned-by", "rds.srvlab.io");
            assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo("c1a1");
            assertThat(pv.getSpec().getStorageClassName()).isEqualTo("rds-fast");
            assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo(policy.name());
        }
    }

    @Test
    void capacityIsExactInTheLargestUnitThatDividesIt() {
        assertThat(PersistentVolumes.capacity(10L << 30)).isEqualTo(new Quantity("10Gi"));
        assertThat(PersistentVolumes.capacity(1536L << 20)).isEqualTo(new Quantity("1536Mi"));
        assertThat(PersistentVolumes.capacity(1000)).isEqualTo(new Quantity("1000"));
    }

    /** Issue 20, finding 1: a tenant's later owner-reference edit never names a second PersistentVolume. */
    @Test
    void theNameRecordedAtTheFirstWriteWinsOverAnOwnerReferenceEdit() {
        RdsVolume volume = volume(new RdsVolumeSpec.PersistentVolume(null, null, null, null, null, null, null, null));
        volume.getMetadata()
                .setOwnerReferences(List.of(new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("PersistentVolumeClaim")
                        .withName("other-claim")
                        .withUid("other-uid")
                        .withController(true)
                        .build()));
        assertThat(PersistentVolumes.name(volume, status(List.of("10.0.0.1")).withClaimUid("other-uid")))
                .isEqualTo("pvc-other-uid");

        volume.setStatus(status(List.of("10.0.0.1")).withPersistentVolume("rdsv-1234"));

        assertThat(PersistentVolumes.name(volume, volume.getStatus().withClaimUid("other-uid")))
                .isEqualTo("rdsv-1234");
        assertThat(PersistentVolumes.desired(volume, volume.getStatus(), RdsVolumeSpec.DeletionPolicy.Delete)
                        .getMetadata()
                        .getName())
                .isEqualTo("rdsv-1234");
    }
}
