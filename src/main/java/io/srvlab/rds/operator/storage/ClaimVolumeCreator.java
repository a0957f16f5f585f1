package io.srvlab.rds.operator.storage;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.operator.common.EventReasons;
import io.srvlab.rds.operator.common.EventRecorder;
import io.srvlab.rds.operator.volumesnapshot.VolumeSnapshotRestore;
import jakarta.inject.Singleton;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.Objects;

/**
 * Creates the RdsVolume a claim of an {@code rds.srvlab.io} StorageClass asks for (once the scheduler picked a node
 * where the class waits for one), or says on the claim why not.
 */
@Singleton
class ClaimVolumeCreator {
    static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    private static final Duration FAILED_RECHECK = Duration.ofMinutes(1);

    private final KubernetesClient client;
    private final EventRecorder events;
    private final VolumeSnapshotRestore volumeSnapshots;

    ClaimVolumeCreator(KubernetesClient client, EventRecorder events, VolumeSnapshotRestore volumeSnapshots) {
        this.client = client;
        this.events = events;
        this.volumeSnapshots = volumeSnapshots;
    }

    UpdateControl<PersistentVolumeClaim> provision(PersistentVolumeClaim claim) {
        String volumeName = claim.getSpec().getVolumeName();
        if (volumeName != null && !volumeName.isEmpty()) {
            return UpdateControl.noUpdate(); // bound, or asks for one PersistentVolume by name: not ours to make
        }
        String className = claim.getSpec().getStorageClassName();
        StorageClass storageClass = className == null
                ? null
                : client.storage().v1().storageClasses().withName(className).get();
        if (storageClass == null || !PersistentVolumes.PROVISIONER.equals(storageClass.getProvisioner())) {
            return failed(
                    claim,
                    "StorageClass " + className + " of this claim does not exist or is not provisioned by "
                            + PersistentVolumes.PROVISIONER);
        }
        if ("WaitForFirstConsumer".equals(storageClass.getVolumeBindingMode())
                && (claim.getMetadata().getAnnotations() == null
                        || !claim.getMetadata().getAnnotations().containsKey(SELECTED_NODE))) {
            return UpdateControl.noUpdate(); // the scheduler picks a node first; disks reach every node alike
        }
        try {
            return create(claim, ClaimRequests.volumeFor(claim, storageClass, volumeSnapshotsOf(claim)));
        } catch (ClaimRequests.Unprovisionable e) {
            return failed(claim, e.getMessage());
        }
    }

    /** Null when VolumeSnapshots are not enabled: then they are refused like any unknown source. */
    private ClaimSources.VolumeSnapshotLookup volumeSnapshotsOf(PersistentVolumeClaim claim) {
        if (!volumeSnapshots.enabled()) {
            return null;
        }
        return name -> {
            try {
                return volumeSnapshots.rdsSnapshotOf(
                        claim.getMetadata().getNamespace(),
                        name,
                        Objects.requireNonNullElse(claim.getSpec().getVolumeMode(), "Filesystem"));
            } catch (VolumeSnapshotRestore.NotRestorable e) {
                throw new ClaimRequests.Unprovisionable(e.getMessage());
            }
        };
    }

    private UpdateControl<PersistentVolumeClaim> create(PersistentVolumeClaim claim, RdsVolume volume) {
        try {
            client.resource(volume).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return UpdateControl.<PersistentVolumeClaim>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
            }
            throw e;
        }
        events.normal(
                claim,
                EventReasons.PROVISIONING,
                "Provisioning a disk for this claim: RdsVolume "
                        + volume.getMetadata().getNamespace() + "/"
                        + volume.getMetadata().getName() + " on RdsPoolConfig "
                        + volume.getSpec().poolConfigName());
        return UpdateControl.noUpdate();
    }

    UpdateControl<PersistentVolumeClaim> failed(PersistentVolumeClaim claim, String message) {
        events.warning(claim, EventReasons.PROVISIONING_FAILED, message);
        return UpdateControl.<PersistentVolumeClaim>noUpdate().rescheduleAfter(FAILED_RECHECK);
    }
}
