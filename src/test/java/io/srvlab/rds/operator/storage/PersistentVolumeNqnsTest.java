package io.srvlab.rds.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PersistentVolumeNqnsTest {

    @Test
    void aPersistentVolumeNamesItsVolumeHandleAndItsNqnAttributeInLowerCase() {
        assertThat(PersistentVolumeNqns.nqns(pv("nqn.2000-02.com.mikrotik:Postgres", Map.of())))
                .containsExactly("nqn.2000-02.com.mikrotik:postgres");
        assertThat(PersistentVolumeNqns.nqns(pv("pv-handle", Map.of("nqn", "nqn.2000-02.com.mikrotik:postgres"))))
                .containsExactly("pv-handle", "nqn.2000-02.com.mikrotik:postgres");
        assertThat(PersistentVolumeNqns.nqns(new PersistentVolumeBuilder()
                        .withNewSpec()
                        .withNewNfs()
                        .withPath("/x")
                        .endNfs()
                        .endSpec()
                        .build()))
                .as("not a CSI volume")
                .isEmpty();
    }

    @Test
    void beforeTheInformerIsIndexedNothingIsHeld() {
        assertThat(new PersistentVolumeNqns().heldByAnother("nqn.x:y", "uid")).isEmpty();
    }

    private static PersistentVolume pv(String handle, Map<String, String> attributes) {
        return new PersistentVolumeBuilder()
                .withNewSpec()
                .withNewCsi()
                .withDriver("org.democratic-csi.node-manual")
                .withVolumeHandle(handle)
                .withVolumeAttributes(attributes)
                .endCsi()
                .endSpec()
                .build();
    }
}
