package io.srvlab.rds.operator.rdssnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsSnapshotSpec;
import io.srvlab.rds.api.RdsSnapshotStatus;
import io.srvlab.rds.api.RdsVolumeSpec.DeletionPolicy;
import io.srvlab.rds.api.TenantLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SnapshotBudgetTest {
    private final SnapshotBudget budget = new SnapshotBudget(Duration.ofSeconds(30));
    private final RdsPoolConfig config =
            config("main", new TenantLimits(new TenantLimits.Limit(null, "1Gi", 2L), null));
    private final List<RdsSnapshot> namespace = new ArrayList<>();

    @Test
    void snapshotsAdmittedTogetherCannotTogetherPassTheCount() {
        var a = snapshot("a");
        var b = snapshot("b");
        var c = snapshot("c");
        assertThat(budget.admit(a, config, () -> namespace)).isEmpty();
        assertThat(budget.admit(b, config, () -> namespace)).isEmpty();
        assertThat(budget.admit(c, config, () -> namespace)).hasValueSatisfying(why -> assertThat(why)
                .contains("RdsSnapshots: 2 used, 1 requested, limit 2", "nothing was sent"));
        assertThat(budget.admit(a, config, () -> namespace))
                .as("a snapshot admitted before is admitted again")
                .isEmpty();
    }

    @Test
    void takenSnapshotsCountAndAGoneOneFreesItsPlace() {
        var a = taken(snapshot("a"), "main");
        var b = taken(snapshot("b"), "main");
        var c = snapshot("c");
        assertThat(budget.admit(c, config, () -> namespace)).isPresent();
        assertThat(budget.admit(a, config, () -> namespace))
                .as("taken already: holds its place")
                .isEmpty();
        namespace.remove(b);
        assertThat(budget.admit(c, config, () -> namespace)).isEmpty();
    }

    @Test
    void snapshotsOnAnotherPoolConfigDoNotCount() {
        taken(snapshot("a"), "other");
        taken(snapshot("b"), "other");
        assertThat(budget.admit(snapshot("c"), config, () -> namespace)).isEmpty();
    }

    @Test
    void snapshotSizeDoesNotCountTowardMaxSizeAndNoCountIsNoLimit() {
        var unlimited = config("main", new TenantLimits(new TenantLimits.Limit(1L, "1Gi"), null));
        for (int i = 0; i < 5; i++) {
            var s = snapshot("s" + i);
            assertThat(budget.admit(s, unlimited, () -> namespace)).isEmpty();
            taken(s, "main");
        }
        assertThat(budget.admit(snapshot("plain"), config("main", null), () -> {
                    throw new AssertionError("nothing is counted without a limit");
                }))
                .isEmpty();
    }

    @Test
    void anOverrideTakesPrecedenceFieldByField() {
        var limits = new TenantLimits(
                new TenantLimits.Limit(3L, null, 5L), Map.of("apps", new TenantLimits.Limit(null, "2Gi", 1L)));
        assertThat(limits.forNamespace("apps")).isEqualTo(new TenantLimits.Limit(3L, "2Gi", 1L));
        assertThat(limits.forNamespace("other")).isEqualTo(new TenantLimits.Limit(3L, null, 5L));
        var overridden = config("main", limits);
        assertThat(budget.admit(snapshot("a"), overridden, () -> namespace)).isEmpty();
        assertThat(budget.admit(snapshot("b"), overridden, () -> namespace))
                .hasValueSatisfying(why -> assertThat(why).contains("limit 1"));
    }

    private RdsSnapshot snapshot(String name) {
        var snapshot = new RdsSnapshot();
        snapshot.setMetadata(new ObjectMetaBuilder()
                .withNamespace("apps")
                .withName(name)
                .withUid(UUID.randomUUID().toString())
                .build());
        snapshot.setSpec(new RdsSnapshotSpec(new RdsSnapshotSpec.Source("db"), DeletionPolicy.Delete));
        namespace.add(snapshot);
        return snapshot;
    }

    private static RdsSnapshot taken(RdsSnapshot snapshot, String pool) {
        snapshot.setStatus(new RdsSnapshotStatus(
                RdsSnapshotStatus.Phase.Ready,
                true,
                1L << 30,
                "2026-01-01T00:00:00Z",
                "k8s/rdss-" + snapshot.getMetadata().getUid(),
                "10.0.0.1:22",
                pool,
                "storage-pool",
                "x.img",
                null,
                1L,
                null));
        return snapshot;
    }

    private static RdsPoolConfig config(String name, TenantLimits limits) {
        var config = new RdsPoolConfig();
        config.setMetadata(new ObjectMetaBuilder().withName(name).build());
        config.setSpec(new RdsPoolConfigSpec(
                null,
                null,
                null,
                null,
                new RdsPoolConfigSpec.VolumeDefaults("/storage-pool/k8s", 4420, "nqn.2000-02.com.mikrotik", null),
                null,
                limits == null ? null : new RdsPoolConfigSpec.Tenancy(null, null, null, limits)));
        return config;
    }
}
