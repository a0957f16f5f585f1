package io.srvlab.rds.operator.storage;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimCondition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.operator.common.EventReasons;
import io.srvlab.rds.operator.common.EventRecorder;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Claim resize, as an external resizer does it: a claim asking for more than its RdsVolume has grows the volume, and
 * once the disk and PersistentVolume have grown the claim's status shows it.
 */
@Singleton
class ClaimResizer {
    private static final Logger LOG = Logger.getLogger(ClaimResizer.class);

    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock;

    ClaimResizer(KubernetesClient client, EventRecorder events, Clock clock) {
        this.client = client;
        this.events = events;
        this.clock = clock;
    }

    /** A claim asking for more than its volume has (an expansion the API server admitted) grows the volume. */
    void growIfAsked(PersistentVolumeClaim claim, RdsVolume volume) {
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
     * past what the claim's status shows, the claim is updated as an external resizer does: a raw block device is
     * usable at its new size at once; a filesystem still has to be grown on the node, so the new size is recorded as
     * allocated and the claim waits for the node (FileSystemResizePending).
     */
    boolean showCapacity(PersistentVolumeClaim claim, RdsVolume volume) {
        OptionalLong disk = grownPastClaim(claim, volume);
        if (disk.isEmpty()) {
            return true;
        }
        Quantity grown = PersistentVolumes.capacity(disk.getAsLong());
        boolean block = "Block".equals(claim.getSpec().getVolumeMode());
        try {
            client.persistentVolumeClaims()
                    .inNamespace(claim.getMetadata().getNamespace())
                    .resource(withCapacity(claim, grown, block))
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

    /** The disk's bytes when a Ready volume's disk is larger than the bound claim's status shows (or allocates). */
    private static OptionalLong grownPastClaim(PersistentVolumeClaim claim, RdsVolume volume) {
        RdsVolumeStatus status = volume.getStatus();
        if (status == null
                || status.phase() != RdsVolumeStatus.Phase.Ready
                || status.capacityBytes() == null
                || claim.getStatus() == null
                || !"Bound".equals(claim.getStatus().getPhase())
                || claim.getStatus().getCapacity() == null
                || claim.getStatus().getCapacity().get("storage") == null) {
            return OptionalLong.empty();
        }
        long shown = PersistentVolumes.bytes(claim.getStatus().getCapacity().get("storage"));
        long disk = status.capacityBytes();
        Quantity allocated = claim.getStatus().getAllocatedResources() == null
                ? null
                : claim.getStatus().getAllocatedResources().get("storage");
        boolean block = "Block".equals(claim.getSpec().getVolumeMode());
        if (disk <= shown || (!block && allocated != null && PersistentVolumes.bytes(allocated) >= disk)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(disk);
    }

    /** A copy of the claim with the grown size: the claim came from the informer's cache, which must not change. */
    private PersistentVolumeClaim withCapacity(PersistentVolumeClaim claim, Quantity grown, boolean block) {
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
        return updated;
    }
}
