package io.srvlab.rds.operator.rdsvolume;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsSnapshotStatus;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.api.Snapshots;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.operator.rdspoolconfig.ServerIdentity;
import io.srvlab.rds.volume.SubvolumePaths;
import io.srvlab.rds.volume.VolumePlan;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Finds what a new volume with {@code spec.source} is copied from: an RdsSnapshot or an RdsVolume of the volume's own
 * namespace (looked up there only, so no tenant reaches another's), on the same pool config, with a subvolume to copy
 * and no more bytes than the volume asks for.
 */
@Singleton
class SourceLookup {
    private static final Duration SOURCE_RECHECK = Duration.ofSeconds(10);

    private final KubernetesClient client;

    SourceLookup(KubernetesClient client) {
        this.client = client;
    }

    /** The plan (with its copy, if any), or why the volume waits or is refused. */
    sealed interface Found {}

    record Copy(VolumePlan plan) implements Found {}

    record Stop(Admission admission) implements Found {}

    /** {@code plan} as it is for a volume that is no copy, or one provisioned already. */
    Found resolve(RdsVolume volume, RdsPoolConfig config, VolumePlan plan) {
        RdsVolumeSpec.Source source = volume.getSpec().source();
        if (source == null || plan.history() != VolumePlan.History.NEW) {
            return new Copy(plan);
        }
        Snapshots snapshots = config.getSpec().snapshots();
        if (snapshots == null) {
            return refused(
                    Reasons.SNAPSHOTS_NOT_ENABLED,
                    "RdsPoolConfig " + config.getMetadata().getName() + " has no spec.snapshots; volumes are not"
                            + " copied on it");
        }
        String namespace = volume.getMetadata().getNamespace();
        return source.snapshotName() != null
                ? fromSnapshot(
                        volume,
                        plan,
                        snapshots,
                        client.resources(RdsSnapshot.class)
                                .inNamespace(namespace)
                                .withName(source.snapshotName())
                                .get())
                : fromVolume(
                        volume,
                        config,
                        plan,
                        snapshots,
                        client.resources(RdsVolume.class)
                                .inNamespace(namespace)
                                .withName(source.volumeName())
                                .get());
    }

    private static Found fromSnapshot(RdsVolume volume, VolumePlan plan, Snapshots snapshots, RdsSnapshot snapshot) {
        String name = volume.getSpec().source().snapshotName();
        if (snapshot == null) {
            return waiting(Reasons.SOURCE_NOT_FOUND, "RdsSnapshot " + name + " does not exist in this namespace");
        }
        RdsSnapshotStatus status = snapshot.getStatus();
        if (status == null || !Boolean.TRUE.equals(status.readyToUse())) {
            return waiting(Reasons.SOURCE_NOT_READY, "RdsSnapshot " + name + " is not ready to use yet");
        }
        if (!volume.getSpec().poolConfigName().equals(status.poolConfigName())) {
            return onAnotherPool("RdsSnapshot " + name, status.poolConfigName());
        }
        return sized(plan, status.restoreSize(), "RdsSnapshot " + name)
                .orElse(new Copy(
                        SnapshotLayouts.copy(plan, snapshots, status.rdsName(), status.image(), status.restoreSize())));
    }

    private static Found fromVolume(
            RdsVolume volume, RdsPoolConfig config, VolumePlan plan, Snapshots snapshots, RdsVolume source) {
        String name = "RdsVolume " + volume.getSpec().source().volumeName();
        RdsVolumeStatus status = source == null ? null : source.getStatus();
        if (source == null) {
            return waiting(Reasons.SOURCE_NOT_FOUND, name + " does not exist in this namespace");
        }
        if (status == null || status.phase() != RdsVolumeStatus.Phase.Ready || status.filePath() == null) {
            return waiting(Reasons.SOURCE_NOT_READY, name + " is not Ready yet");
        }
        if (!source.getSpec().poolConfigName().equals(volume.getSpec().poolConfigName())
                || status.server() == null
                || !ServerIdentity.same(
                        status.server(), ServerIdentity.of(config.getSpec().server()))) {
            return onAnotherPool(name, source.getSpec().poolConfigName());
        }
        var subvolume = SubvolumePaths.ofVolumeFile(source.getMetadata().getUid(), status.filePath());
        if (subvolume.isEmpty()) {
            return refused(
                    Reasons.SOURCE_NOT_SNAPSHOTTABLE,
                    name + " was made before its RdsPoolConfig had spec.snapshots: its disk is not in a subvolume of"
                            + " its own and keeps its layout, so it cannot be copied");
        }
        String image = status.filePath().substring(status.filePath().lastIndexOf('/') + 1);
        return sized(plan, status.capacityBytes(), name)
                .orElse(new Copy(
                        SnapshotLayouts.copy(plan, snapshots, subvolume.get(), image, status.capacityBytes())));
    }

    private static java.util.Optional<Found> sized(VolumePlan plan, Long sourceBytes, String what) {
        if (sourceBytes == null || sourceBytes <= plan.sizeBytes()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(refused(
                Reasons.SOURCE_LARGER_THAN_VOLUME,
                what + " holds " + sourceBytes + " bytes, more than the " + plan.sizeBytes()
                        + " this volume asks for; ask for at least as much"));
    }

    private static Found onAnotherPool(String what, String pool) {
        return refused(
                Reasons.SOURCE_ON_ANOTHER_POOL,
                what + " lives on RdsPoolConfig " + pool + " (or another RDS); a copy is made on the same RDS only");
    }

    private static Found waiting(String reason, String message) {
        return new Stop(new Admission.Waiting(reason, message + "; nothing was sent to the RDS", SOURCE_RECHECK));
    }

    private static Found refused(String reason, String message) {
        return new Stop(new Admission.Refused(
                Failure.permanent(reason, message + "; nothing was sent to the RDS"), RdsVolumeStatus.Phase.Failed));
    }
}
