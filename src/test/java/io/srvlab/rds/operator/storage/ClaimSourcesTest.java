package io.srvlab.rds.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder;
import io.srvlab.rds.api.RdsVolumeSpec;
import org.junit.jupiter.api.Test;

/** A claim's data source as its RdsVolume's spec.source: clones and RdsSnapshots of the same namespace only. */
class ClaimSourcesTest {

    @Test
    void aClaimWithoutDataSourceIsNoCopy() throws Exception {
        assertThat(ClaimSources.of(new PersistentVolumeClaimSpec())).isNull();
    }

    @Test
    void aClaimAsDataSourceIsACloneOfItsRdsVolume() throws Exception {
        var spec = new PersistentVolumeClaimSpecBuilder()
                .withNewDataSource()
                .withKind("PersistentVolumeClaim")
                .withName("db")
                .endDataSource()
                .build();
        assertThat(ClaimSources.of(spec)).isEqualTo(new RdsVolumeSpec.Source(null, "db"));
    }

    @Test
    void anRdsSnapshotAsDataSourceRefIsARestore() throws Exception {
        var spec = new PersistentVolumeClaimSpecBuilder()
                .withNewDataSourceRef()
                .withApiGroup("rds.srvlab.io")
                .withKind("RdsSnapshot")
                .withName("before-upgrade")
                .endDataSourceRef()
                .build();
        assertThat(ClaimSources.of(spec)).isEqualTo(new RdsVolumeSpec.Source("before-upgrade", null));
    }

    @Test
    void anyOtherSourceOrAnotherNamespaceIsRefusedWithTheReason() {
        var volumeSnapshot = new PersistentVolumeClaimSpecBuilder()
                .withNewDataSourceRef()
                .withApiGroup("snapshot.storage.k8s.io")
                .withKind("VolumeSnapshot")
                .withName("s")
                .endDataSourceRef()
                .build();
        assertThatThrownBy(() -> ClaimSources.of(volumeSnapshot))
                .hasMessageContaining("VolumeSnapshot.snapshot.storage.k8s.io are not supported");
        var elsewhere = new PersistentVolumeClaimSpecBuilder()
                .withNewDataSourceRef()
                .withApiGroup("rds.srvlab.io")
                .withKind("RdsSnapshot")
                .withName("s")
                .withNamespace("tenant-b")
                .endDataSourceRef()
                .build();
        assertThatThrownBy(() -> ClaimSources.of(elsewhere)).hasMessageContaining("another namespace");
    }
}
