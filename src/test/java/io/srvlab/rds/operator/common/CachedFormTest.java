package io.srvlab.rds.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachedFormTest {
    @Test
    void dropsManagedFieldsAndTheLastAppliedCopyOnly() {
        var volume = new RdsVolume();
        volume.setMetadata(new ObjectMetaBuilder()
                .withName("data")
                .withNamespace("apps")
                .withUid("0b5c2f4e-1111-2222-3333-444455556666")
                .withResourceVersion("42")
                .withFinalizers("rds.srvlab.io/finalizer")
                .withLabels(Map.of("app", "db"))
                .withAnnotations(new HashMap<>(Map.of(CachedForm.LAST_APPLIED, "{\"spec\":{}}", "team", "storage")))
                .withManagedFields(new ManagedFieldsEntryBuilder()
                        .withManager("kubectl")
                        .withOperation("Apply")
                        .build())
                .build());
        RdsVolumeSpec spec = RdsVolumeSpec.of("rds-main", "1Gi", RdsVolumeSpec.DeletionPolicy.Delete, "data");
        volume.setSpec(spec);

        RdsVolume cached = CachedForm.pruned(volume);

        assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(cached.getMetadata().getAnnotations()).containsExactly(Map.entry("team", "storage"));
        assertThat(cached.getMetadata().getLabels()).containsExactly(Map.entry("app", "db"));
        assertThat(cached.getMetadata().getFinalizers()).containsExactly("rds.srvlab.io/finalizer");
        assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(cached.getMetadata().getUid()).isEqualTo("0b5c2f4e-1111-2222-3333-444455556666");
        assertThat(cached.getSpec()).isEqualTo(spec);
    }

    @Test
    void aResourceWithoutAnnotationsStaysWithout() {
        var volume = new RdsVolume();
        volume.setMetadata(new ObjectMetaBuilder().withName("bare").build());
        assertThat(CachedForm.pruned(volume).getMetadata().getAnnotations()).isNullOrEmpty();
    }
}
