package io.srvlab.rds.operator.storage;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimCondition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.operator.common.EventReasons;
import io.srvlab.rds.operator.common.EventRecorder;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Dynamic provisioning for StorageClasses with {@code provisioner: rds.srvlab.io}, the way an external provisioner
 * works with the Kubernetes PV controller: a claim the PV controller annotated with this provisioner gets an RdsVolume
 * of the same name in its namespace, owned by the claim (deleting the claim deletes it, and its deletion policy then
 * decides the disk's fate); the RdsVolume's PersistentVolume is pre-bound to the claim, which the PV controller then
 * binds. A grown request grows the RdsVolume, and once the disk and PersistentVolume have grown the claim's status
 * shows it, as an external resizer would.
 */
@ControllerConfiguration(name = ClaimProvisioner.NAME, generationAwareEventProcessing = false)
public class ClaimProvisioner implements Reconciler<PersistentVolumeClaim> {
    private static final Logger LOG = Logger.getLogger(ClaimProvisioner.class);
    static final String NAME = "claim-provisioner";
    static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
    static final String BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
    static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    private static final Duration FAILED_RECHECK = Duration.ofMinutes(1);

    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock;

    @Inject
    public ClaimProvisioner(KubernetesClient client, EventRecorder events, Clock clock) {
        this.client = client;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, PersistentVolumeClaim>> prepareEventSources(
            EventSourceContext<PersistentVolumeClaim> context) {
        // The claim's RdsVolume turning Ready (created, grown) moves the claim on.
        var volumes = InformerEventSourceConfiguration.from(RdsVolume.class, PersistentVolumeClaim.class)
                .withLabelSelector(PersistentVolumes.LABEL_MANAGED_BY + "=" + PersistentVolumes.MANAGED_BY)
                .withSecondaryToPrimaryMapper((RdsVolume volume) -> PersistentVolumes.owningClaim(volume)
                        .map(claim -> Set.of(new ResourceID(
                                claim.getName(), volume.getMetadata().getNamespace())))
                        .orElse(Set.of()))
                .build();
        return List.of(new InformerEventSource<>(volumes, context));
    }

    @Override
    public UpdateControl<PersistentVolumeClaim> reconcile(
            PersistentVolumeClaim claim, Context<PersistentVolumeClaim> context) {
        if (!isOurs(claim) || claim.getMetadata().getDeletionTimestamp() != null) {
            return UpdateControl.noUpdate();
        }
        String namespace = claim.getMetadata().getNamespace();
        String name = claim.getMetadata().getName();
        RdsVolume volume = client.resources(RdsVolume.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        if (volume == null) {
            return provision(claim);
        }
        boolean forThisClaim = PersistentVolumes.owningClaim(volume)
                .filter(owner -> owner.getUid().equals(claim.getMetadata().getUid()))
                .isPresent();
        if (!forThisClaim) {
            events.warning(
                    claim,
                    EventReasons.PROVISIONING_FAILED,
                    "RdsVolume " + namespace + "/" + name + " exists and was not made for this claim; nothing is"
                            + " provisioned while it is there");
            return UpdateControl.<PersistentVolumeClaim>noUpdate().rescheduleAfter(FAILED_RECHECK);
        }
        growIfAsked(claim, volume);
        if (!showCapacity(claim, volume)) {
            return UpdateControl.<PersistentVolumeClaim>noUpdate().rescheduleAfter(Duration.ofSeconds(2));
        }
        return UpdateControl.noUpdate();
    }

    private static boolean isOurs(PersistentVolumeClaim claim) {
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        return annotations != null
                && (PersistentVolumes.PROVISIONER.equals(annotations.get(STORAGE_PROVISIONER))
                        || PersistentVolumes.PROVISIONER.equals(annotations.get(BETA_STORAGE_PROVISIONER)));
    }

    private UpdateControl<PersistentVolumeClaim> provision(PersistentVolumeClaim claim) {
        String volumeName = claim.getSpec().getVolumeName();
        if (volumeName != null && !volumeName.isEmpty()) {
            return UpdateControl.noUpdate(); // bound, or asks for one PersistentVolume by name: not ours to make
        }
        String className = claim.getSpec().getStorageClassName();
        StorageClass storageClass = className == null
                ? null
                : client.storage().v1().storageClasses().withName(className).get();
        if (storageClass == null || !PersistentVolumes.PROVISIONER.equals(storageClass.getProvisioner())) {
            events.warning(
                    claim,
                    EventReasons.PROVISIONING_FAILED,
                    "StorageClass " + className + " of this claim does not exist or is not provisioned by "
                            + PersistentVolumes.PROVISIONER);
            return UpdateControl.<PersistentVolumeClaim>noUpdate().rescheduleAfter(FAILED_RECHECK);
        }
        if ("WaitForFirstConsumer".equals(storageClass.getVolumeBindingMode())
                && (claim.getMetadata().getAnnotations() == null
                        || !claim.getMetadata().getAnnotations().containsKey(SELECTED_NODE))) {
            return UpdateControl.noUpdate(); // the scheduler picks a node first; disks reach every node alike
        }
        RdsVolume volume;
        try {
            volume = ClaimRequests.volumeFor(claim, storageClass);
        } catch (ClaimRequests.Unprovisionable e) {
            events.warning(claim, EventReasons.PROVISIONING_FAILED, e.getMessage());
            return UpdateControl.<PersistentVolumeClaim>noUpdate().rescheduleAfter(FAILED_RECHECK);
        }
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

    /** A claim asking for more than its volume has (an expansion the API server admitted) grows the volume. */
    private void growIfAsked(PersistentVolumeClaim claim, RdsVolume volume) {
        Quantity requested = ClaimRequests.requested(claim);
        if (requested == null
                || PersistentVolumes.bytes(requested)
                        <= PersistentVolumes.bytes(new Quantity(volume.getSpec().size()))) {
            return;
        }
        String size;
        try {
            size = ClaimRequests.size(claim);
        } catch (ClaimRequests.Unprovisionable e) {
            return;
        }
        client.resources(RdsVolume.class)
                .inNamespace(volume.getMetadata().getNamespace())
                .withName(volume.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"size\":\"" + size + "\"}}");
        events.normal(
                claim,
                EventReasons.RESIZING,
                "Growing RdsVolume " + volume.getMetadata().getName() + " to " + size);
    }

    /**
     * Returns false when the claim's status could not be written now. Once the disk and PersistentVolume have grown
     * past what the claim's status shows, the claim is updated as an
     * external resizer does: a raw block device is usable at its new size at once; a filesystem still has to be grown
     * on the node, so the new size is recorded as allocated and the claim waits for the node (FileSystemResizePending).
     */
    private boolean showCapacity(PersistentVolumeClaim claim, RdsVolume volume) {
        RdsVolumeStatus status = volume.getStatus();
        if (status == null
                || status.phase() != RdsVolumeStatus.Phase.Ready
                || status.capacityBytes() == null
                || claim.getStatus() == null
                || !"Bound".equals(claim.getStatus().getPhase())
                || claim.getStatus().getCapacity() == null
                || claim.getStatus().getCapacity().get("storage") == null) {
            return true;
        }
        long shown = PersistentVolumes.bytes(claim.getStatus().getCapacity().get("storage"));
        long disk = status.capacityBytes();
        Quantity allocated = claim.getStatus().getAllocatedResources() == null
                ? null
                : claim.getStatus().getAllocatedResources().get("storage");
        boolean block = "Block".equals(claim.getSpec().getVolumeMode());
        if (disk <= shown || (!block && allocated != null && PersistentVolumes.bytes(allocated) >= disk)) {
            return true;
        }
        Quantity grown = PersistentVolumes.capacity(disk);
        // A copy: the claim came from the informer's cache, which must not change under it.
        PersistentVolumeClaim updated = new PersistentVolumeClaimBuilder(claim).build();
        var next = updated.getStatus();
        List<PersistentVolumeClaimCondition> conditions = new ArrayList<>();
        if (next.getConditions() != null) {
            next.getConditions().stream()
                    .filter(c -> !"Resizing".equals(c.getType()) && !"FileSystemResizePending".equals(c.getType()))
                    .forEach(conditions::add);
        }
        next.setAllocatedResources(Map.of("storage", grown));
        if (block) {
            next.setCapacity(Map.of("storage", grown));
            next.setAllocatedResourceStatuses(null);
        } else {
            next.setAllocatedResourceStatuses(Map.of("storage", "NodeResizePending"));
            conditions.add(new PersistentVolumeClaimConditionBuilder()
                    .withType("FileSystemResizePending")
                    .withStatus("True")
                    .withLastTransitionTime(clock.instant().toString())
                    .withMessage("The disk has grown to " + grown + "; the filesystem on it grows when the node"
                            + " driver expands it (on the node, at the next mount of the volume)")
                    .build());
        }
        next.setConditions(conditions);
        try {
            client.persistentVolumeClaims()
                    .inNamespace(claim.getMetadata().getNamespace())
                    .resource(updated)
                    .updateStatus();
        } catch (KubernetesClientException e) {
            // Most likely the PV controller wrote the claim in between: looked at again shortly.
            LOG.debugf(
                    "Status of claim %s/%s not updated now: %s",
                    claim.getMetadata().getNamespace(), claim.getMetadata().getName(), e.getMessage());
            return false;
        }
        events.normal(
                claim,
                block ? EventReasons.VOLUME_RESIZE_SUCCESSFUL : EventReasons.FILE_SYSTEM_RESIZE_REQUIRED,
                "RdsVolume " + volume.getMetadata().getName() + " and its PersistentVolume have grown to " + grown
                        + (block ? "" : "; the filesystem is grown on the node"));
        return true;
    }
}
