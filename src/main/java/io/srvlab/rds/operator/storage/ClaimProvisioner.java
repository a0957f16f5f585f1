package io.srvlab.rds.operator.storage;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Dynamic provisioning for StorageClasses with {@code provisioner: rds.srvlab.io}, the way an external provisioner
 * works with the Kubernetes PV controller: a claim the PV controller annotated with this provisioner gets an RdsVolume
 * of the same name in its namespace, owned by the claim (deleting the claim deletes it, and its deletion policy then
 * decides the disk's fate); the RdsVolume's PersistentVolume is pre-bound to the claim, which the PV controller then
 * binds ({@link ClaimVolumeCreator}). A grown request is the {@link ClaimResizer}'s.
 */
@ControllerConfiguration(name = ClaimProvisioner.NAME, generationAwareEventProcessing = false)
public class ClaimProvisioner implements Reconciler<PersistentVolumeClaim> {
    private static final Logger LOG = Logger.getLogger(ClaimProvisioner.class);
    static final String NAME = "claim-provisioner";

    private final KubernetesClient client;
    private final ClaimVolumeCreator creator;
    private final ClaimResizer resizer;

    @Inject
    public ClaimProvisioner(KubernetesClient client, ClaimVolumeCreator creator, ClaimResizer resizer) {
        this.client = client;
        this.creator = creator;
        this.resizer = resizer;
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
        RdsVolume volume = client.resources(RdsVolume.class)
                .inNamespace(claim.getMetadata().getNamespace())
                .withName(claim.getMetadata().getName())
                .get();
        if (volume == null) {
            return creator.provision(claim);
        }
        if (!madeFor(claim, volume)) {
            return creator.failed(
                    claim,
                    "RdsVolume " + claim.getMetadata().getNamespace() + "/"
                            + claim.getMetadata().getName()
                            + " exists and was not made for this claim; nothing is provisioned while it is there");
        }
        resizer.growIfAsked(claim, volume);
        return resizer.showCapacity(claim, volume)
                ? UpdateControl.noUpdate()
                : UpdateControl.<PersistentVolumeClaim>noUpdate().rescheduleAfter(Duration.ofSeconds(2));
    }

    /** The claim's uid as the volume's status recorded it once checked; before that, as its owner reference says. */
    private static boolean madeFor(PersistentVolumeClaim claim, RdsVolume volume) {
        String uid = claim.getMetadata().getUid();
        return PersistentVolumes.claimUid(volume.getStatus())
                .map(uid::equals)
                .orElseGet(() -> PersistentVolumes.recordedName(volume) == null
                        && PersistentVolumes.owningClaim(volume)
                                .filter(owner -> owner.getUid().equals(uid))
                                .isPresent());
    }

    private static boolean isOurs(PersistentVolumeClaim claim) {
        return ClaimCheck.servedHere(claim);
    }
}
