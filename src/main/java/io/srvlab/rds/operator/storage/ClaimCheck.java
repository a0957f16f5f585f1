package io.srvlab.rds.operator.storage;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.srvlab.rds.api.RdsVolume;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a volume really is the one a StorageClass provisioned for a claim: asked once, before its first
 * PersistentVolume, of the claim itself. An owner reference is the volume's own word, which the namespace's users may
 * edit; the claim must exist under the volume's name with the referenced uid and be one this provisioner serves.
 */
final class ClaimCheck {
    static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
    static final String BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";

    private final KubernetesClient client;

    ClaimCheck(KubernetesClient client) {
        this.client = client;
    }

    /** The uid of the claim the volume was provisioned for, or empty when the volume is no claim's. */
    Optional<String> confirmedClaimUid(RdsVolume volume) {
        Optional<OwnerReference> owner = PersistentVolumes.owningClaim(volume);
        if (owner.isEmpty()
                || !volume.getMetadata().getName().equals(owner.get().getName())) {
            return Optional.empty();
        }
        PersistentVolumeClaim claim = client.persistentVolumeClaims()
                .inNamespace(volume.getMetadata().getNamespace())
                .withName(owner.get().getName())
                .get();
        return claim != null && owner.get().getUid().equals(claim.getMetadata().getUid()) && servedHere(claim)
                ? Optional.of(claim.getMetadata().getUid())
                : Optional.empty();
    }

    static boolean servedHere(PersistentVolumeClaim claim) {
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        return annotations != null
                && (PersistentVolumes.PROVISIONER.equals(annotations.get(STORAGE_PROVISIONER))
                        || PersistentVolumes.PROVISIONER.equals(annotations.get(BETA_STORAGE_PROVISIONER)));
    }
}
