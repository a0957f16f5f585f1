package io.srvlab.rds.operator.rdsvolume;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.srvlab.rds.api.ApiPatterns;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.routeros.CreateDisk;
import io.srvlab.rds.routeros.RouterOsCommands;
import io.srvlab.rds.routeros.RouterOsValues;
import io.srvlab.rds.volume.VolumePlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumePlansTest {
    private static final RdsPoolConfigSpec.VolumeDefaults DEFAULTS =
            new RdsPoolConfigSpec.VolumeDefaults("/storage-pool/k8s", 4420, "nqn.2000-02.com.mikrotik", null);

    @Test
    void derivedSlotComesFromTheUid() {
        var plan = VolumePlans.of(volume(null, "1Gi"), PoolConfigs.withDefaults(DEFAULTS));
        assertThat(plan.slot()).isEqualTo("rdsv-0b5c2f4e-1111-2222-3333-444455556666");
        assertThat(plan.filePath()).isEqualTo("/storage-pool/k8s/rdsv-0b5c2f4e-1111-2222-3333-444455556666.img");
        assertThat(plan.nqn()).isEqualTo("nqn.2000-02.com.mikrotik:rdsv-0b5c2f4e-1111-2222-3333-444455556666");
        assertThat(plan.sizeBytes()).isEqualTo(1L << 30);
    }

    @Test
    void adoptedUpperCaseSlotGetsALowerCaseNqnThatRouterOsAccepts() throws Exception {
        var plan = VolumePlans.of(volume("Legacy-DB1", "1500Mi"), PoolConfigs.withDefaults(DEFAULTS));
        assertThat(plan.slot()).isEqualTo("Legacy-DB1");
        assertThat(plan.nqn()).isEqualTo("nqn.2000-02.com.mikrotik:legacy-db1.0b5c2f4e-1111-2222-3333-444455556666");
        assertThat(plan.sizeBytes()).isEqualTo(1500L << 20);
        var line = RouterOsCommands.addFileDisk(
                        new CreateDisk(plan.slot(), plan.filePath(), plan.sizeBytes(), plan.nvmeTcpPort(), plan.nqn()))
                .line();
        assertThat(line).contains("legacy-db1").contains("Legacy-DB1");
    }

    /** Issue 20, finding 1: the next volume to take a named slot never gets the NQN a node may still know. */
    @Test
    void aNamedSlotTakenAgainGetsAnotherNqn() {
        var first = VolumePlans.of(volume("postgres", "1Gi"), PoolConfigs.withDefaults(DEFAULTS));
        var next = volume("postgres", "1Gi");
        next.getMetadata().setUid("99999999-1111-2222-3333-444455556666");

        assertThat(VolumePlans.of(next, PoolConfigs.withDefaults(DEFAULTS)).nqn())
                .isNotEqualTo(first.nqn())
                .isEqualTo("nqn.2000-02.com.mikrotik:postgres.99999999-1111-2222-3333-444455556666");
    }

    @Test
    void theLongestPrefixTheCrdAdmitsWithTheLongestSlotIsAValidNqn() throws Exception {
        String prefix = "nqn.2000-02.c" + "o".repeat(146);
        assertThat(prefix).matches(ApiPatterns.NQN_PREFIX.substring(1, ApiPatterns.NQN_PREFIX.length() - 1));
        assertThat((prefix + "x").matches(ApiPatterns.NQN_PREFIX.substring(1, ApiPatterns.NQN_PREFIX.length() - 1)))
                .isFalse();
        var defaults = new RdsPoolConfigSpec.VolumeDefaults("/storage-pool/k8s", 4420, prefix, null);
        var plan = VolumePlans.of(volume("S".repeat(63), "1Gi"), PoolConfigs.withDefaults(defaults));
        assertThat(plan.nqn())
                .as("<slot>.<uid> would pass 223 bytes: the volume's derived name instead")
                .isEqualTo(prefix + ":rdsv-0b5c2f4e-1111-2222-3333-444455556666");
        assertThat(RouterOsValues.nqn(plan.nqn())).isEqualTo(plan.nqn());
        var shorter = new RdsPoolConfigSpec.VolumeDefaults("/storage-pool/k8s", 4420, prefix.substring(0, 122), null);
        var longest = VolumePlans.of(volume("S".repeat(63), "1Gi"), PoolConfigs.withDefaults(shorter));
        assertThat(longest.nqn()).hasSize(223).endsWith(":" + "s".repeat(63) + ".0b5c2f4e-1111-2222-3333-444455556666");
        assertThat(RouterOsValues.nqn(longest.nqn())).isEqualTo(longest.nqn());
    }

    @Test
    void aProvisionedVolumeKeepsWhatItWasProvisionedWith() {
        var volume = volume(null, "1Gi");
        volume.setStatus(provisioned(volume).withOutcome(RdsVolumeStatus.Phase.Ready, List.of(), 1, null));
        var moved = PoolConfigs.withDefaults(
                new RdsPoolConfigSpec.VolumeDefaults("/storage-pool/elsewhere", 4421, "nqn.2026-01.io.other", null));
        var plan = VolumePlans.of(volume, moved);
        assertThat(plan.history()).isEqualTo(VolumePlan.History.PROVISIONED);
        assertThat(plan.filePath()).isEqualTo("/storage-pool/k8s/old.img");
        assertThat(plan.nqn()).isEqualTo("nqn.2000-02.com.mikrotik:old");
        assertThat(plan.nvmeTcpPort()).isEqualTo(4420);
        assertThat(plan.slot()).isEqualTo("old");
    }

    @Test
    void onlyTheTokenPublishedAtTheLossAsksForANewDisk() {
        var volume = volume(null, "1Gi");
        var missing = Conditions.of(ConditionTypes.READY, false, "DiskMissing", "gone");
        volume.setStatus(provisioned(volume)
                .withOutcome(RdsVolumeStatus.Phase.Failed, List.of(missing), 1, "gone")
                .withLastRecreateRequest("kept-in-git")
                .withRecreateToken("recreate-1"));
        assertThat(VolumePlans.history(volume)).isEqualTo(VolumePlan.History.PROVISIONED);

        volume.setSpec(withRecreate(volume.getSpec(), "kept-in-git"));
        assertThat(VolumePlans.history(volume))
                .as("the value answered at the loss")
                .isEqualTo(VolumePlan.History.PROVISIONED);

        volume.setSpec(withRecreate(volume.getSpec(), "2026-11-29"));
        assertThat(VolumePlans.history(volume))
                .as("another value, e.g. an old request a rollback writes back")
                .isEqualTo(VolumePlan.History.PROVISIONED);

        volume.setSpec(withRecreate(volume.getSpec(), "recreate-1"));
        assertThat(VolumePlans.history(volume)).isEqualTo(VolumePlan.History.RECREATE_REQUESTED);

        volume.setStatus(volume.getStatus().withOutcome(RdsVolumeStatus.Phase.Ready, List.of(), 2, null));
        assertThat(VolumePlans.history(volume))
                .as("only a missing disk is recreated")
                .isEqualTo(VolumePlan.History.PROVISIONED);
    }

    @Test
    void anAdoptedDiskIsRetainedUnlessTheUserWroteDelete() {
        var volume = volume("legacy", "1Gi");
        volume.setSpec(RdsVolumeSpec.of("main", "1Gi", null, "legacy"));
        assertThat(VolumePlans.deletionPolicy(volume)).isEqualTo(RdsVolumeSpec.DeletionPolicy.Delete);
        volume.setStatus(provisioned(volume).withAdopted(true));
        assertThat(VolumePlans.deletionPolicy(volume)).isEqualTo(RdsVolumeSpec.DeletionPolicy.Retain);
        volume.setSpec(RdsVolumeSpec.of("main", "1Gi", RdsVolumeSpec.DeletionPolicy.Delete, "legacy"));
        assertThat(VolumePlans.deletionPolicy(volume)).isEqualTo(RdsVolumeSpec.DeletionPolicy.Delete);
    }

    @Test
    void adoptionNeedsAnExplicitSlotAndAnAllowedNamespace() {
        var config = PoolConfigs.withDefaults(DEFAULTS);
        assertThat(VolumePlans.of(volume("legacy", "1Gi"), config).mayAdopt()).isFalse();
        var spec = config.getSpec();
        config.setSpec(new RdsPoolConfigSpec(
                spec.server(),
                spec.pool(),
                spec.rateLimit(),
                spec.circuitBreaker(),
                spec.volumeDefaults(),
                spec.statusInterval(),
                new RdsPoolConfigSpec.Tenancy(null, List.of("ns"), null)));
        assertThat(VolumePlans.of(volume("legacy", "1Gi"), config).mayAdopt()).isTrue();
        assertThat(VolumePlans.of(volume(null, "1Gi"), config).mayAdopt()).isFalse();
    }

    private static RdsVolumeStatus provisioned(RdsVolume volume) {
        return RdsVolumeStatus.empty()
                .withDisk(
                        "old",
                        "/storage-pool/k8s/old.img",
                        "nqn.2000-02.com.mikrotik:old",
                        new RdsVolumeStatus.NvmeTcp("10.0.0.1", 4420),
                        1L << 30,
                        new RdsVolumeStatus.Server("10.0.0.1", 22, null));
    }

    private static RdsVolumeSpec withRecreate(RdsVolumeSpec spec, String request) {
        return new RdsVolumeSpec(
                spec.poolConfigName(),
                spec.size(),
                spec.deletionPolicy(),
                spec.slot(),
                request,
                spec.allowedHostName());
    }

    @Test
    void theVolumesAllowedHostWinsOverThePoolDefault() {
        var config = PoolConfigs.withDefaults(new RdsPoolConfigSpec.VolumeDefaults(
                "/storage-pool/k8s", 4420, "nqn.2000-02.com.mikrotik", "nqn.h:pool"));
        var volume = volume(null, "1Gi");
        assertThat(VolumePlans.of(volume, config).allowHostName()).isEqualTo("nqn.h:pool");
        volume.setSpec(new RdsVolumeSpec("main", "1Gi", null, null, null, "nqn.h:own"));
        assertThat(VolumePlans.of(volume, config).allowHostName()).isEqualTo("nqn.h:own");
        assertThat(VolumePlans.of(volume(null, "1Gi"), PoolConfigs.withDefaults(DEFAULTS))
                        .allowHostName())
                .as("open by default")
                .isEmpty();
    }

    @Test
    void fractionalQuantitiesRoundUp() {
        assertThat(VolumePlans.bytes("1.5Ki")).isEqualTo(1536);
        assertThat(VolumePlans.bytes("1k")).isEqualTo(1000);
        assertThat(VolumePlans.bytes("0.1")).isEqualTo(1);
    }

    private static RdsVolume volume(String slot, String size) {
        var volume = new RdsVolume();
        volume.setMetadata(new ObjectMetaBuilder()
                .withName("v")
                .withNamespace("ns")
                .withUid("0b5c2f4e-1111-2222-3333-444455556666")
                .build());
        volume.setSpec(RdsVolumeSpec.of("main", size, RdsVolumeSpec.DeletionPolicy.Delete, slot));
        return volume;
    }
}
