package io.srvlab.rds.operator.storage;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Looks up what {@link NodeSideRules} needs: the volume's StorageClass and the device UUIDs other volumes' PVs use. */
final class NodeSideCheck {
    private final KubernetesClient client;

    NodeSideCheck(KubernetesClient client) {
        this.client = client;
    }

    /** The PersistentVolume condition that says why the volume's PersistentVolume is not written, if it is not. */
    Optional<Condition> refusal(RdsVolume volume, RdsPoolConfigSpec config) {
        RdsVolumeSpec.PersistentVolume wanted = volume.getSpec().persistentVolume();
        return NodeSideRules.check(
                        wanted,
                        config,
                        storageClassOptions(
                                wanted.storageClassName(), volume.getSpec().poolConfigName()),
                        wanted.deviceUUID() == null ? Set.of() : otherDeviceUuids(volume))
                .map(refused ->
                        Conditions.of(ConditionTypes.PERSISTENT_VOLUME, false, refused.reason(), refused.message()));
    }

    /** The mount options of an rds.srvlab.io StorageClass that provisions on this pool config; none for any other. */
    private List<String> storageClassOptions(String name, String poolConfig) {
        if (name == null || name.isEmpty()) {
            return List.of();
        }
        StorageClass storageClass =
                client.storage().v1().storageClasses().withName(name).get();
        if (storageClass == null
                || !PersistentVolumes.PROVISIONER.equals(storageClass.getProvisioner())
                || !poolConfig.equals(Objects.requireNonNullElse(storageClass.getParameters(), Map.<String, String>of())
                        .get(ClaimRequests.PARAM_POOL_CONFIG))) {
            return List.of();
        }
        return Objects.requireNonNullElse(storageClass.getMountOptions(), List.of());
    }

    private Set<String> otherDeviceUuids(RdsVolume volume) {
        return client.persistentVolumes().list().getItems().stream()
                .filter(pv -> !PersistentVolumes.isFor(pv, volume))
                .filter(pv ->
                        pv.getSpec().getCsi() != null && pv.getSpec().getCsi().getVolumeAttributes() != null)
                .map(pv -> pv.getSpec().getCsi().getVolumeAttributes().get(NodeDriverProfile.DEVICE_UUID))
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }
}
