package io.srvlab.rds.operator.rdsvolume;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.volume.ProvisionedDisk;
import io.srvlab.rds.volume.VolumePlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Status transitions of an RdsVolume, without a cluster: what each outcome writes and what it leaves alone. */
class VolumeStatusesTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final VolumeStatuses statuses = new VolumeStatuses(clock);
    private final RdsPoolConfig config = config();

    @Test
    void aCreatedDiskMakesTheVolumeReadyAndRecordsWhereItLives() {
        var volume = volume(1);
        var status = statuses.ready(volume, config, plan(volume), disk(ProvisionedDisk.Origin.CREATED));
        assertThat(status.phase()).isEqualTo(Phase.Ready);
        assertThat(status.observedGeneration()).isEqualTo(1);
        assertThat(status.filePath()).isEqualTo("/storage-pool/k8s/s.img");
        assertThat(status.nqn()).isEqualTo("nqn.2000-02.com.mikrotik:s");
        assertThat(status.server()).isEqualTo(new RdsVolumeStatus.Server("10.0.0.1", 22, null));
        assertThat(status.nvmeTcp()).isEqualTo(new RdsVolumeStatus.NvmeTcp("10.0.0.1", 4420));
        assertThat(ready(status).getReason()).isEqualTo(Reasons.PROVISIONED);
        assertThat(ready(status).getLastTransitionTime()).isEqualTo(T0.toString());
        assertThat(status.adopted()).isNull();
    }

    @Test
    void anUnchangedDriftCheckYieldsAnEqualStatusSoNothingIsWritten() {
        var volume = volume(1);
        volume.setStatus(statuses.ready(volume, config, plan(volume), disk(ProvisionedDisk.Origin.ADOPTED)));
        clock.advance(Duration.ofMinutes(5));
        var again = statuses.ready(volume, config, plan(volume), disk(ProvisionedDisk.Origin.OWNED));
        assertThat(again).isEqualTo(volume.getStatus());
        assertThat(ready(again).getReason())
                .as("the adoption is still the reason")
                .isEqualTo(Reasons.ADOPTED);
    }

    @Test
    void aPoolConfigEditDoesNotMoveARecordedVolumeButItsDataPathFollowsTheConfig() {
        var volume = volume(1);
        volume.setStatus(statuses.ready(volume, config, plan(volume), disk(ProvisionedDisk.Origin.CREATED)));
        var edited = config();
        edited.setSpec(new RdsPoolConfigSpec(
                server("10.9.9.9"), null, null, null, edited.getSpec().volumeDefaults(), null, null));
        var status = statuses.ready(volume, edited, plan(volume), disk(ProvisionedDisk.Origin.OWNED));
        assertThat(status.server().address())
                .as("the server it was provisioned on")
                .isEqualTo("10.0.0.1");
        assertThat(status.nvmeTcp().address())
                .as("the same RDS (same host key) is now reached at the new address")
                .isEqualTo("10.9.9.9");

        var storageNetwork = config();
        storageNetwork.setSpec(new RdsPoolConfigSpec(
                server("10.0.0.1"),
                null,
                null,
                null,
                edited.getSpec().volumeDefaults(),
                null,
                null,
                new RdsPoolConfigSpec.NvmeTcp(List.of("192.168.50.1", "192.168.51.1")),
                null,
                null));
        var onStorageNetwork = statuses.ready(volume, storageNetwork, plan(volume), disk(ProvisionedDisk.Origin.OWNED));
        assertThat(onStorageNetwork.nvmeTcp().address()).isEqualTo("192.168.50.1");
        assertThat(onStorageNetwork.nvmeTcp().addresses()).containsExactly("192.168.50.1", "192.168.51.1");
        assertThat(onStorageNetwork.nvmeTcp().port()).isEqualTo(status.nvmeTcp().port());
    }

    @Test
    void aFailureKeepsTheDiskFactsAndFlipsTheTransitionTimeOnce() {
        var volume = volume(1);
        volume.setStatus(statuses.ready(volume, config, plan(volume), disk(ProvisionedDisk.Origin.CREATED)));
        clock.advance(Duration.ofSeconds(30));
        var busy = Failure.transientFor("RdsBusy", "busy", Duration.ofSeconds(2));
        var failed = statuses.failed(volume, busy, Phase.Resizing);
        assertThat(failed.phase()).isEqualTo(Phase.Resizing);
        assertThat(failed.filePath()).isEqualTo("/storage-pool/k8s/s.img");
        assertThat(failed.message()).isEqualTo("busy");
        assertThat(ready(failed).getLastTransitionTime())
                .isEqualTo(T0.plusSeconds(30).toString());

        volume.setStatus(failed);
        clock.advance(Duration.ofSeconds(40));
        assertThat(statuses.failingFor(volume)).isEqualTo(Duration.ofSeconds(40));
        var stillFailing = statuses.failed(volume, busy, Phase.Resizing);
        assertThat(stillFailing).as("same outcome, same status").isEqualTo(failed);

        var permanent = statuses.failed(volume, Failure.permanent("NotEnoughSpace", "full"), Phase.Resizing);
        assertThat(permanent.phase()).isEqualTo(Phase.Failed);
        assertThat(ready(permanent).getLastTransitionTime())
                .as("still False: the transition time stays")
                .isEqualTo(T0.plusSeconds(30).toString());
    }

    @Test
    void aLossAnswersTheRecreateRequestAlreadyInTheSpec() {
        var volume = volume(1);
        volume.setSpec(new RdsVolumeSpec("main", "1Gi", null, null, "kept-in-git", null));
        volume.setStatus(statuses.ready(volume, config, plan(volume), disk(ProvisionedDisk.Origin.CREATED)));
        var missing = statuses.failed(volume, Failure.permanent("DiskMissing", "gone"), Phase.Failed);
        assertThat(missing.lastRecreateRequest()).isEqualTo("kept-in-git");
        assertThat(VolumeStatuses.isDiskMissing(missing)).isTrue();
        assertThat(missing.recreateToken()).as("published at the loss").startsWith("recreate-");

        volume.setStatus(missing.withLastRecreateRequest("something-else"));
        var again = statuses.failed(volume, Failure.permanent("DiskMissing", "gone"), Phase.Failed);
        assertThat(again.lastRecreateRequest())
                .as("only the first report answers")
                .isEqualTo("something-else");
        assertThat(again.recreateToken()).as("kept through later reports").isEqualTo(missing.recreateToken());

        volume.setStatus(missing.withRecreateToken(null));
        assertThat(statuses.failed(volume, Failure.permanent("DiskMissing", "gone"), Phase.Failed)
                        .recreateToken())
                .as("a volume lost before tokens existed gets one")
                .startsWith("recreate-");
    }

    @Test
    void aRecreatedDiskSaysSoAndAnswersTheRequest() {
        var volume = volume(2);
        volume.setSpec(new RdsVolumeSpec("main", "1Gi", null, null, "please", null));
        var recreate = new VolumePlan(
                "s",
                "/storage-pool/k8s/s.img",
                "/storage-pool/k8s",
                1L << 30,
                "nqn.2000-02.com.mikrotik:s",
                4420,
                plan(volume).owner(),
                "",
                VolumePlan.History.RECREATE_REQUESTED,
                false);
        var status = statuses.ready(volume, config, recreate, disk(ProvisionedDisk.Origin.CREATED));
        assertThat(ready(status).getReason()).isEqualTo(Reasons.RECREATED);
        assertThat(ready(status).getMessage()).contains("EMPTY").contains("please");
        assertThat(status.lastRecreateRequest()).isEqualTo("please");
        assertThat(status.recreateToken()).as("used up").isNull();
    }

    @Test
    void settledMeansReadyForThisGenerationWithItsServerRecorded() {
        var volume = volume(1);
        assertThat(VolumeStatuses.isSettled(volume)).isFalse();
        volume.setStatus(statuses.ready(volume, config, plan(volume), disk(ProvisionedDisk.Origin.CREATED)));
        assertThat(VolumeStatuses.isSettled(volume)).isTrue();
        volume.getMetadata().setGeneration(2L);
        assertThat(VolumeStatuses.isSettled(volume)).as("a new generation").isFalse();
        volume.getMetadata().setGeneration(1L);
        volume.setStatus(volume.getStatus()
                .withDisk("s", "/storage-pool/k8s/s.img", "nqn.2000-02.com.mikrotik:s", null, 1L << 30, null));
        assertThat(VolumeStatuses.isSettled(volume))
                .as("written by a version without ownership")
                .isFalse();
    }

    private static Condition ready(RdsVolumeStatus status) {
        return Conditions.find(status.conditions(), ConditionTypes.READY).orElseThrow();
    }

    private VolumePlan plan(RdsVolume volume) {
        return VolumePlans.of(volume, config);
    }

    private static ProvisionedDisk disk(ProvisionedDisk.Origin origin) {
        return new ProvisionedDisk(
                "s", "/storage-pool/k8s/s.img", 1L << 30, "nqn.2000-02.com.mikrotik:s", 4420, origin);
    }

    private static RdsVolume volume(long generation) {
        var volume = new RdsVolume();
        volume.setMetadata(new ObjectMetaBuilder()
                .withName("v")
                .withNamespace("apps")
                .withUid("0b5c2f4e-1111-2222-3333-444455556666")
                .withGeneration(generation)
                .build());
        volume.setSpec(RdsVolumeSpec.of("main", "1Gi", null, "s"));
        return volume;
    }

    private static RdsPoolConfig config() {
        var config = new RdsPoolConfig();
        config.setMetadata(new ObjectMetaBuilder().withName("main").build());
        config.setSpec(new RdsPoolConfigSpec(
                server("10.0.0.1"),
                null,
                null,
                null,
                new RdsPoolConfigSpec.VolumeDefaults("/storage-pool/k8s", 4420, "nqn.2000-02.com.mikrotik", null),
                null,
                null));
        return config;
    }

    static RdsPoolConfigSpec.Server server(String address) {
        return new RdsPoolConfigSpec.Server(
                address,
                22,
                "admin",
                new RdsPoolConfigSpec.SecretKeyRef("rds-system", "rds-ssh", "id_ed25519"),
                null,
                true,
                "10s",
                "30s");
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
