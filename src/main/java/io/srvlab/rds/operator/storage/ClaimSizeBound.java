package io.srvlab.rds.operator.storage;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.srvlab.rds.api.RdsVolume;
import jakarta.inject.Singleton;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * The size of a claim's RdsVolume follows the claim only: whoever may edit the RdsVolume cannot make its disk larger
 * than the claim requests (which the namespace's ResourceQuota on {@code requests.storage} bounds).
 */
@Singleton
public class ClaimSizeBound {
    private final KubernetesClient client;

    public ClaimSizeBound(KubernetesClient client) {
        this.client = client;
    }

    /** Why a disk of {@code sizeBytes} is more than the volume's claim allows; empty for a volume of no claim. */
    public Optional<String> excess(RdsVolume volume, long sizeBytes) {
        Optional<OwnerReference> owner = PersistentVolumes.owningClaim(volume);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        String namespace = volume.getMetadata().getNamespace();
        PersistentVolumeClaim claim = client.persistentVolumeClaims()
                .inNamespace(namespace)
                .withName(owner.get().getName())
                .get();
        if (claim == null || !owner.get().getUid().equals(claim.getMetadata().getUid())) {
            return Optional.of(
                    "RdsVolume " + namespace + "/" + volume.getMetadata().getName()
                            + " belongs to PersistentVolumeClaim " + owner.get().getName()
                            + ", which is gone; its disk is neither created nor grown without that claim, and nothing was"
                            + " sent to the RDS");
        }
        Quantity requested = ClaimRequests.requested(claim);
        long allowed = requested == null
                ? 0
                : Quantity.getAmountInBytes(requested)
                        .setScale(0, RoundingMode.CEILING)
                        .min(java.math.BigDecimal.valueOf(Long.MAX_VALUE))
                        .longValueExact();
        if (sizeBytes <= allowed) {
            return Optional.empty();
        }
        return Optional.of("spec.size asks for " + sizeBytes + " bytes but PersistentVolumeClaim "
                + claim.getMetadata().getName() + " requests " + allowed + "; the size of a claim's RdsVolume"
                + " follows the claim (expand the claim instead), and nothing was sent to the RDS");
    }
}
