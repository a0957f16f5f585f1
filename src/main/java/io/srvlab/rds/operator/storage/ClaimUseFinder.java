package io.srvlab.rds.operator.storage;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** Finds the claim bound to a PersistentVolume and the Pods that use it: a disk is never taken away from one. */
final class ClaimUseFinder {
    private final KubernetesClient client;

    ClaimUseFinder(KubernetesClient client) {
        this.client = client;
    }

    /** A Pod of the claim's namespace that has not finished and mounts the claim (directly or as its ephemeral one). */
    Optional<String> firstPod(PersistentVolumeClaim claim) {
        String namespace = claim.getMetadata().getNamespace();
        String claimName = claim.getMetadata().getName();
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(pod -> !isFinished(pod))
                .filter(pod -> pod.getSpec().getVolumes() != null
                        && pod.getSpec().getVolumes().stream().anyMatch(v -> uses(pod, v, claimName)))
                .map(pod -> namespace + "/" + pod.getMetadata().getName())
                .findFirst();
    }

    /** The claim a PersistentVolume is bound to, when that claim names it back (its own uid, if the PV recorded one). */
    Optional<PersistentVolumeClaim> boundClaim(PersistentVolume pv) {
        var ref = pv.getSpec().getClaimRef();
        if (ref == null) {
            return Optional.empty();
        }
        PersistentVolumeClaim claim = client.persistentVolumeClaims()
                .inNamespace(ref.getNamespace())
                .withName(ref.getName())
                .get();
        if (claim == null
                || !pv.getMetadata().getName().equals(claim.getSpec().getVolumeName())
                || (ref.getUid() != null
                        && !ref.getUid().equals(claim.getMetadata().getUid()))) {
            return Optional.empty();
        }
        return Optional.of(claim);
    }

    private static boolean uses(Pod pod, Volume volume, String claimName) {
        if (volume.getPersistentVolumeClaim() != null) {
            return claimName.equals(volume.getPersistentVolumeClaim().getClaimName());
        }
        return volume.getEphemeral() != null
                && claimName.equals(pod.getMetadata().getName() + "-" + volume.getName());
    }

    private static boolean isFinished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
