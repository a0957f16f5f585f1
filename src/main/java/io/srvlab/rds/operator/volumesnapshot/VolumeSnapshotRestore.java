package io.srvlab.rds.operator.volumesnapshot;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The RdsSnapshot a claim restores when its data source is a VolumeSnapshot of its namespace: the one whose handle this
 * operator wrote on the snapshot's bound content, after checking that the content is this driver's, is bound to that
 * very snapshot (namespace, name and uid), and names an RdsSnapshot of the claim's namespace.
 */
@Singleton
public class VolumeSnapshotRestore {
    private final KubernetesClient client;
    private final boolean enabled;

    VolumeSnapshotRestore(
            KubernetesClient client,
            @ConfigProperty(name = "rds.volume-snapshots.enabled", defaultValue = "false") boolean enabled) {
        this.client = client;
        this.enabled = enabled;
    }

    /** Why a VolumeSnapshot cannot be restored (now); the message is shown on the claim. */
    public static final class NotRestorable extends Exception {
        NotRestorable(String message) {
            super(message, null, false, false);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * The name of the RdsSnapshot in {@code namespace} that VolumeSnapshot {@code name} stands for, for a claim of
     * {@code volumeMode}.
     */
    public String rdsSnapshotOf(String namespace, String name, String volumeMode) throws NotRestorable {
        String what = "VolumeSnapshot " + namespace + "/" + name;
        if (!enabled) {
            throw new NotRestorable(what + ": VolumeSnapshots are not enabled on this operator (chart value"
                    + " volumeSnapshots.enabled)");
        }
        GenericKubernetesResource snapshot = client.genericKubernetesResources(
                        VolumeSnapshotApi.API_VERSION, VolumeSnapshotApi.SNAPSHOT_KIND)
                .inNamespace(namespace)
                .withName(name)
                .get();
        Map<String, Object> status =
                snapshot == null ? null : map(snapshot.getAdditionalProperties().get("status"));
        if (status == null || !Boolean.TRUE.equals(status.get("readyToUse"))) {
            throw new NotRestorable(what + " does not exist or is not ready to use yet");
        }
        Object contentName = status.get("boundVolumeSnapshotContentName");
        GenericKubernetesResource resource = contentName instanceof String n
                ? client.genericKubernetesResources(VolumeSnapshotApi.API_VERSION, VolumeSnapshotApi.CONTENT_KIND)
                        .withName(n)
                        .get()
                : null;
        ContentFacts content = resource == null ? null : ContentFacts.of(resource);
        if (content == null || !content.dynamicOfThisDriver() || !boundTo(content, snapshot)) {
            throw new NotRestorable(what + " is not bound to a VolumeSnapshotContent of driver "
                    + VolumeSnapshotApi.DRIVER + " that names it");
        }
        modeKept(what, content, volumeMode);
        return SnapshotHandles.parse(content.snapshotHandle())
                .filter(h -> h.namespace().equals(namespace))
                .filter(h -> h.rdsSnapshot().equals(SnapshotHandles.PREFIX + content.uid()))
                .orElseThrow(
                        () -> new NotRestorable(what + " has no snapshot of this operator in namespace " + namespace))
                .rdsSnapshot();
    }

    /**
     * As the CSI external-provisioner: a restore keeps the source's volume mode unless the content allows a change
     * (a filesystem made from a raw device's bytes is one a kernel would mount without having made it).
     */
    private static void modeKept(String what, ContentFacts content, String volumeMode) throws NotRestorable {
        String source = content.spec().sourceVolumeMode();
        if (source != null
                && !source.equals(volumeMode)
                && !"true".equals(content.annotations().get(VolumeSnapshotApi.ALLOW_VOLUME_MODE_CHANGE))) {
            throw new NotRestorable(what + " was taken of a " + source + " volume and this claim asks for "
                    + volumeMode + "; its VolumeSnapshotContent must carry "
                    + VolumeSnapshotApi.ALLOW_VOLUME_MODE_CHANGE
                    + ": \"true\" for that");
        }
    }

    private static boolean boundTo(ContentFacts content, GenericKubernetesResource snapshot) {
        ContentFacts.Reference ref = content.spec().volumeSnapshotRef();
        return Objects.equals(ref.namespace(), snapshot.getMetadata().getNamespace())
                && Objects.equals(ref.name(), snapshot.getMetadata().getName())
                && Objects.equals(ref.uid(), snapshot.getMetadata().getUid());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
