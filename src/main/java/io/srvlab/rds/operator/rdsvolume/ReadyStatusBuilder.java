package io.srvlab.rds.operator.rdsvolume;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.common.EventReasons;
import io.srvlab.rds.operator.common.EventRecorder;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.operator.storage.PersistentVolumeSync;
import io.srvlab.rds.volume.ProvisionedDisk;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The Ready status of a volume whose disk was found or made, with the PersistentVolume the volume asks for written (or
 * the one it no longer asks for removed, unless a Pod uses it). An export of the operator's own disk that had to be
 * set right is an event.
 */
@Singleton
class ReadyStatusBuilder {
    private static final Logger LOG = Logger.getLogger(ReadyStatusBuilder.class);

    private final EventRecorder events;
    private final PersistentVolumeSync persistentVolumes;
    private final VolumeStatuses statuses;

    ReadyStatusBuilder(EventRecorder events, KubernetesClient client, Clock clock) {
        this.events = events;
        this.persistentVolumes = new PersistentVolumeSync(client);
        this.statuses = new VolumeStatuses(clock);
    }

    RdsVolumeStatus status(VolumeWork work, ProvisionedDisk disk) {
        RdsVolume volume = work.volume();
        if (disk.exportRepaired() != null) {
            events.warning(
                    volume,
                    EventReasons.EXPORT_REPAIRED,
                    "The NVMe/TCP export of disk " + disk.slot() + " had been changed on the RDS ("
                            + disk.exportRepaired() + "); it is set back to port " + disk.nvmeTcpPort() + " and NQN "
                            + disk.nqn());
        }
        RdsVolumeStatus status = statuses.ready(volume, work.config(), work.plan(), disk);
        try {
            return withPersistentVolume(volume, work.config(), status);
        } catch (KubernetesClientException e) {
            // The disk is fine; only the PersistentVolume could not be looked at now. The next check tries again.
            LOG.debugf("PersistentVolume of %s not synced: %s", VolumeWork.name(volume), e.getMessage());
            return withProblem(
                    volume,
                    status,
                    Reasons.PERSISTENT_VOLUME_NOT_SYNCED,
                    "The API server did not answer as expected: " + e.getMessage());
        }
    }

    private RdsVolumeStatus withPersistentVolume(RdsVolume volume, RdsPoolConfig config, RdsVolumeStatus status) {
        if (volume.getSpec().persistentVolume() != null) {
            var outcome =
                    persistentVolumes.ensure(volume, config.getSpec(), status, VolumePlans.deletionPolicy(volume));
            return statuses.withCondition(volume, status, outcome.condition())
                    .withPersistentVolume(outcome.name())
                    .withClaimUid(outcome.claimUid());
        }
        if (status.persistentVolume() == null) {
            return status;
        }
        Optional<PersistentVolumeSync.Blocked> blocked = persistentVolumes.release(volume);
        if (blocked.isPresent()) {
            return withProblem(
                    volume, status, blocked.get().reason(), blocked.get().message());
        }
        return VolumeStatuses.withoutCondition(status, ConditionTypes.PERSISTENT_VOLUME)
                .withPersistentVolume(null);
    }

    private RdsVolumeStatus withProblem(RdsVolume volume, RdsVolumeStatus status, String reason, String message) {
        return statuses.withCondition(
                volume, status, Conditions.of(ConditionTypes.PERSISTENT_VOLUME, false, reason, message));
    }
}
