package io.srvlab.rds.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What RdsVolume a claim of an rds.srvlab.io StorageClass becomes, and which claims and classes are refused. */
class ClaimRequestsTest {

    private static PersistentVolumeClaim claim(String size, String volumeMode, String... modes) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data")
                .withNamespace("apps")
                .withUid("c1a1")
                .endMetadata()
                .withNewSpec()
                .withStorageClassName("rds")
                .withAccessModes(modes)
                .withVolumeMode(volumeMode)
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity(size)))
                .endResources()
                .endSpec()
                .build();
    }

    private static StorageClass storageClass(Map<String, String> parameters, String reclaimPolicy) {
        return new StorageClassBuilder()
                .withNewMetadata()
                .withName("rds")
                .endMetadata()
                .withProvisioner("rds.srvlab.io")
                .withParameters(parameters)
                .withReclaimPolicy(reclaimPolicy)
                .withMountOptions(List.of("noatime"))
                .build();
    }

    @Test
    void aClaimBecomesAnRdsVolumeOwnedByIt() throws Exception {
        RdsVolume volume = ClaimRequests.volumeFor(
                claim("5Gi", "Block", "ReadWriteOncePod"),
                storageClass(Map.of("poolConfig", "rds-main", "fsType", "xfs"), "Retain"));
        assertThat(volume.getMetadata().getName()).isEqualTo("data");
        assertThat(volume.getMetadata().getNamespace()).isEqualTo("apps");
        assertThat(volume.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("PersistentVolumeClaim");
            assertThat(owner.getUid()).isEqualTo("c1a1");
            assertThat(owner.getController()).isTrue();
        });
        RdsVolumeSpec spec = volume.getSpec();
        assertThat(spec.poolConfigName()).isEqualTo("rds-main");
        assertThat(spec.size()).isEqualTo("5Gi");
        assertThat(spec.deletionPolicy())
                .as("the class's reclaim policy")
                .isEqualTo(RdsVolumeSpec.DeletionPolicy.Retain);
        assertThat(spec.persistentVolume())
                .isEqualTo(new RdsVolumeSpec.PersistentVolume(
                        "democratic-csi", "data", "Block", "xfs", "ReadWriteOncePod", "rds", List.of("noatime"), null));
    }

    @Test
    void theDeletionPolicyParameterWinsAndSizesOutsideThePatternBecomeBytes() throws Exception {
        RdsVolume volume = ClaimRequests.volumeFor(
                claim("1e9", "Filesystem", "ReadWriteOnce"),
                storageClass(Map.of("poolConfig", "rds-main", "deletionPolicy", "Retain"), "Delete"));
        assertThat(volume.getSpec().deletionPolicy()).isEqualTo(RdsVolumeSpec.DeletionPolicy.Retain);
        assertThat(volume.getSpec().size()).isEqualTo("1000000000");
        assertThat(volume.getSpec().persistentVolume().fsType()).isEqualTo("ext4");
    }

    @Test
    void whatCannotBeProvisionedIsSaidSo() {
        var ok = Map.of("poolConfig", "rds-main");
        assertThatThrownBy(() ->
                        ClaimRequests.volumeFor(claim("1Gi", "Filesystem", "ReadWriteMany"), storageClass(ok, null)))
                .hasMessageContaining("ReadWriteMany");
        assertThatThrownBy(() -> ClaimRequests.volumeFor(claim("1Gi", "Filesystem"), storageClass(Map.of(), null)))
                .hasMessageContaining("poolConfig");
        assertThatThrownBy(() -> ClaimRequests.volumeFor(
                        claim("1Gi", "Filesystem"), storageClass(Map.of("poolConfig", "x;y"), null)))
                .hasMessageContaining("poolConfig");
        assertThatThrownBy(() -> ClaimRequests.volumeFor(
                        claim("1Gi", "Filesystem"),
                        storageClass(Map.of("poolConfig", "rds-main", "nodeDriver", "csi-driver-nvmf"), null)))
                .hasMessageContaining("deviceUUID");
        assertThatThrownBy(() -> ClaimRequests.volumeFor(
                        claim("1Gi", "Filesystem"),
                        storageClass(Map.of("poolConfig", "rds-main", "fsType", "ext4;reboot"), null)))
                .hasMessageContaining("filesystem type");
        assertThatThrownBy(() -> ClaimRequests.volumeFor(
                        claim("1Gi", "Filesystem"),
                        storageClass(Map.of("poolConfig", "rds-main", "fsType", "hfsplus"), null)))
                .hasMessageContaining("(ext4 or xfs)");
        assertThatThrownBy(() -> ClaimRequests.volumeFor(
                        claim("1Gi", "Filesystem"), storageClass(Map.of("poolConfig", "rds-main", "size", "1"), null)))
                .hasMessageContaining("does not know");
    }
}
