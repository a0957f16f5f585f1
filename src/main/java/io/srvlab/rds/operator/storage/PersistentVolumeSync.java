package io.srvlab.rds.operator.storage;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.common.Reasons;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes, grows and removes the PersistentVolume of an RdsVolume. A PersistentVolume that was not written for this
 * very RdsVolume (its uid label) is never changed; one that a Pod still uses through its bound claim is never removed.
 */
public final class PersistentVolumeSync {

    private final KubernetesClient client;
    private final NodeSideCheck nodeSide;
    private final ClaimUseFinder claimUsers;
    private final ClaimCheck claims;

    public PersistentVolumeSync(KubernetesClient client) {
        this.client = client;
        this.nodeSide = new NodeSideCheck(client);
        this.claimUsers = new ClaimUseFinder(client);
        this.claims = new ClaimCheck(client);
    }

    /**
     * What became of the PersistentVolume: the condition to show, its name when it is the volume's, and the uid of the
     * claim it is for when a StorageClass provisioned the volume (checked before the first PersistentVolume).
     */
    public record Outcome(Condition condition, String name, String claimUid) {
        Outcome(Condition condition, String name) {
            this(condition, name, null);
        }
    }

    /** Why deletion waits: a condition reason and a message that says what the user has to do. */
    public record Blocked(String reason, String message) {}

    /**
     * Creates the PersistentVolume a Ready volume asks for, or brings its capacity to the disk's. Its source (driver,
     * NQN, addresses) is immutable in Kubernetes: a PersistentVolume written with other values is reported, not
     * replaced under a Pod. Nothing is written with node-side options an admin did not allow ({@link NodeSideRules}).
     */
    public Outcome ensure(
            RdsVolume volume,
            RdsPoolConfigSpec config,
            RdsVolumeStatus ready,
            RdsVolumeSpec.DeletionPolicy deletionPolicy) {
        RdsVolumeStatus withClaim = PersistentVolumes.recordedName(volume) == null && ready.claimUid() == null
                ? ready.withClaimUid(claims.confirmedClaimUid(volume).orElse(null))
                : ready;
        Outcome outcome = nodeSide.refusal(volume, config)
                .map(refused -> new Outcome(refused, PersistentVolumes.recordedName(volume)))
                .orElseGet(() -> write(volume, withClaim, deletionPolicy));
        return new Outcome(outcome.condition(), outcome.name(), withClaim.claimUid());
    }

    private Outcome write(RdsVolume volume, RdsVolumeStatus ready, RdsVolumeSpec.DeletionPolicy deletionPolicy) {
        PersistentVolume desired = PersistentVolumes.desired(volume, ready, deletionPolicy);
        String name = desired.getMetadata().getName();
        PersistentVolume existing = existingOrCreated(desired);
        if (!PersistentVolumes.isFor(existing, volume)) {
            return problem(
                    Reasons.PERSISTENT_VOLUME_CONFLICT,
                    "PersistentVolume " + name + " exists and was not written for this RdsVolume; it is left"
                            + " alone",
                    null);
        }
        if (existing.getMetadata().getDeletionTimestamp() != null) {
            return problem(
                    Reasons.PERSISTENT_VOLUME_TERMINATING,
                    "PersistentVolume " + name + " is being deleted; it is written anew once it is gone",
                    name);
        }
        long wantedBytes = ready.capacityBytes();
        if (PersistentVolumes.bytes(existing.getSpec().getCapacity().get("storage")) != wantedBytes) {
            String patch =
                    "{\"spec\":{\"capacity\":{\"storage\":\"" + PersistentVolumes.capacity(wantedBytes) + "\"}}}";
            existing = client.persistentVolumes().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        }
        if (!sameSource(existing, desired)) {
            return problem(
                    Reasons.PERSISTENT_VOLUME_OUTDATED,
                    "PersistentVolume " + name + " was written with other connection details than the disk"
                            + " now has (e.g. a new storage-network address); Kubernetes does not let them"
                            + " change. Delete it while no Pod uses it and it is written anew",
                    name);
        }
        return phaseOf(existing, name);
    }

    private static Outcome problem(String reason, String message, String name) {
        return new Outcome(Conditions.of(ConditionTypes.PERSISTENT_VOLUME, false, reason, message), name);
    }

    /** All is well: the condition shows the PersistentVolume's phase and its claim. */
    private static Outcome phaseOf(PersistentVolume existing, String name) {
        String phase = existing.getStatus() == null || existing.getStatus().getPhase() == null
                ? "Pending"
                : existing.getStatus().getPhase();
        var ref = existing.getSpec().getClaimRef();
        String claim = ref == null ? "no claim" : "PersistentVolumeClaim " + ref.getNamespace() + "/" + ref.getName();
        return new Outcome(
                Conditions.of(
                        ConditionTypes.PERSISTENT_VOLUME,
                        !"Failed".equals(phase),
                        phase,
                        "PersistentVolume " + name + " ("
                                + existing.getSpec().getCsi().getDriver() + ") is " + phase
                                + ", reserved for " + claim),
                name);
    }

    /** The PersistentVolume of the desired one's name: the one there, else the desired one created now. */
    private PersistentVolume existingOrCreated(PersistentVolume desired) {
        String name = desired.getMetadata().getName();
        PersistentVolume existing = client.persistentVolumes().withName(name).get();
        if (existing != null) {
            return existing;
        }
        try {
            return client.resource(desired).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            existing = client.persistentVolumes().withName(name).get();
            if (existing == null) {
                throw e;
            }
            return existing;
        }
    }

    private static boolean sameSource(PersistentVolume existing, PersistentVolume desired) {
        var is = existing.getSpec().getCsi();
        var wanted = desired.getSpec().getCsi();
        return is != null
                && Objects.equals(is.getDriver(), wanted.getDriver())
                && Objects.equals(is.getVolumeHandle(), wanted.getVolumeHandle())
                && Objects.equals(is.getFsType(), wanted.getFsType())
                && Objects.equals(is.getVolumeAttributes(), wanted.getVolumeAttributes());
    }

    /**
     * Removes every PersistentVolume labelled with the volume's uid before its disk goes: refused while a Pod uses a
     * claim bound to one, waits while Kubernetes keeps one (until its bound claim is deleted); empty when none is left.
     */
    public Optional<Blocked> release(RdsVolume volume) {
        if (PersistentVolumes.recordedName(volume) == null && volume.getSpec().persistentVolume() == null) {
            return Optional.empty(); // never asked for one: nothing to look up
        }
        // Every PersistentVolume written for this very volume, whatever its name: none may outlive the disk.
        List<PersistentVolume> written = client.persistentVolumes()
                .withLabel(
                        PersistentVolumes.LABEL_VOLUME_UID, volume.getMetadata().getUid())
                .list()
                .getItems();
        Optional<Blocked> inUse =
                written.stream().map(this::inUse).flatMap(Optional::stream).findFirst();
        if (inUse.isPresent()) {
            return inUse;
        }
        written.stream()
                .filter(pv -> pv.getMetadata().getDeletionTimestamp() == null)
                .forEach(pv -> client.persistentVolumes()
                        .withName(pv.getMetadata().getName())
                        .delete());
        for (PersistentVolume pv : written) {
            String name = pv.getMetadata().getName();
            if (client.persistentVolumes().withName(name).get() != null) {
                return Optional.of(new Blocked(
                        Reasons.PERSISTENT_VOLUME_BOUND,
                        "PersistentVolume " + name + " is deleted but Kubernetes keeps it"
                                + claimUsers
                                        .boundClaim(pv)
                                        .map(c -> " while PersistentVolumeClaim " + describe(c)
                                                + " is bound to it; delete the claim")
                                        .orElse(" for now")
                                + ". The disk is removed after it is gone"));
            }
        }
        return Optional.empty();
    }

    private Optional<Blocked> inUse(PersistentVolume pv) {
        Optional<PersistentVolumeClaim> claim = claimUsers.boundClaim(pv);
        Optional<String> pod = claim.flatMap(claimUsers::firstPod);
        return pod.map(p -> new Blocked(
                Reasons.VOLUME_IN_USE,
                "PersistentVolume " + pv.getMetadata().getName() + " is bound to PersistentVolumeClaim "
                        + describe(claim.get()) + ", which Pod " + p + " uses; the disk is not taken away from a"
                        + " running Pod. Delete the Pod and the claim, and deletion proceeds"));
    }

    private static String describe(PersistentVolumeClaim claim) {
        return claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName();
    }
}
