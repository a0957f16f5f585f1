package io.srvlab.rds.operator.rdssnapshot;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsSnapshotStatus.Phase;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.operator.rdspoolconfig.PoolService;
import io.srvlab.rds.operator.rdspoolconfig.ServerIdentity;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.volume.SnapshotOperations.SnapshotPlan;
import io.srvlab.rds.volume.SubvolumePaths;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Finds what an RdsSnapshot is of: the RdsVolume it names in its own namespace (only there, so no tenant reaches
 * another's volume), Ready, in a subvolume of its own, on a pool config with snapshots on and a pool serving it.
 */
@Singleton
class SnapshotSource {
    static final Duration RECHECK = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final PoolService pools;
    private final Duration configRecheck;

    /**
     * {@code configRecheck}: when a refusal that only an edit of the pool config or the volume lifts is looked at
     * again (it is not re-reconciled on such an edit).
     */
    SnapshotSource(
            KubernetesClient client,
            PoolService pools,
            @ConfigProperty(name = "rds.snapshot.config-recheck", defaultValue = "1m") Duration configRecheck) {
        this.client = client;
        this.pools = pools;
        this.configRecheck = configRecheck;
    }

    sealed interface Found {}

    record Target(SnapshotTarget target) implements Found {}

    /** Not now: the snapshot is {@code phase} for {@code reason}, looked at again after {@code recheck}. */
    record Stop(Phase phase, String reason, String message, Duration recheck) implements Found {}

    Found find(RdsSnapshot snapshot) {
        String name = "RdsVolume " + snapshot.getSpec().source().volumeName();
        RdsVolume volume = client.resources(RdsVolume.class)
                .inNamespace(snapshot.getMetadata().getNamespace())
                .withName(snapshot.getSpec().source().volumeName())
                .get();
        if (volume == null) {
            return pending(Reasons.SOURCE_NOT_FOUND, name + " does not exist in this namespace");
        }
        RdsVolumeStatus status = volume.getStatus();
        if (status == null || status.phase() != RdsVolumeStatus.Phase.Ready || status.filePath() == null) {
            return pending(Reasons.SOURCE_NOT_READY, name + " is not Ready yet");
        }
        RdsPoolConfig config = client.resources(RdsPoolConfig.class)
                .withName(volume.getSpec().poolConfigName())
                .get();
        if (config == null) {
            return pending(
                    Reasons.POOL_CONFIG_NOT_FOUND,
                    "RdsPoolConfig " + volume.getSpec().poolConfigName());
        }
        return onConfig(snapshot.getMetadata().getUid(), name, volume, config);
    }

    private Found onConfig(String snapshotUid, String name, RdsVolume volume, RdsPoolConfig config) {
        RdsVolumeStatus status = volume.getStatus();
        RdsPoolConfigSpec spec = config.getSpec();
        if (spec.snapshots() == null) {
            return failed(
                    Reasons.SNAPSHOTS_NOT_ENABLED,
                    "RdsPoolConfig " + config.getMetadata().getName() + " has no spec.snapshots");
        }
        RdsVolumeStatus.Server now = ServerIdentity.of(spec.server());
        if (status.server() == null || !ServerIdentity.same(status.server(), now)) {
            return failed(Reasons.SERVER_CHANGED, name + " is not on the RDS its RdsPoolConfig names now");
        }
        Optional<String> subvolume =
                SubvolumePaths.ofVolumeFile(volume.getMetadata().getUid(), status.filePath());
        if (subvolume.isEmpty()) {
            return failed(
                    Reasons.SOURCE_NOT_SNAPSHOTTABLE,
                    name + " was made before its RdsPoolConfig had spec.snapshots: its disk is not in a subvolume of"
                            + " its own and keeps its layout, so it cannot be snapshotted");
        }
        Optional<RdsPool> pool = pools.serving(config);
        if (pool.isEmpty()) {
            return pending(
                    Reasons.POOL_CONFIG_NOT_READY,
                    "RdsPoolConfig " + config.getMetadata().getName());
        }
        String base = SubvolumePaths.parent(SubvolumePaths.parent(status.filePath()));
        return new Target(new SnapshotTarget(
                config,
                pool.get(),
                plan(spec.snapshots().filesystem(), subvolume.get(), base, snapshotUid),
                status.filePath().substring(status.filePath().lastIndexOf('/') + 1),
                status.capacityBytes() == null ? 0 : status.capacityBytes(),
                ServerIdentity.key(now)));
    }

    static SnapshotPlan plan(String filesystem, String source, String base, String snapshotUid) {
        return new SnapshotPlan(
                filesystem,
                source,
                SubvolumePaths.name(SubvolumePaths.snapshotDirectory(base, snapshotUid)),
                snapshotUid);
    }

    private static Stop pending(String reason, String message) {
        return new Stop(Phase.Pending, reason, message + "; nothing was sent to the RDS", RECHECK);
    }

    private Stop failed(String reason, String message) {
        return new Stop(Phase.Failed, reason, message + "; nothing was sent to the RDS", configRecheck);
    }
}
