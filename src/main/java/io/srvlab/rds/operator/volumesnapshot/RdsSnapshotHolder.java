package io.srvlab.rds.operator.volumesnapshot;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsSnapshotSpec;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec.DeletionPolicy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/**
 * The RdsSnapshot that holds a VolumeSnapshotContent's snapshot: in the VolumeSnapshot's namespace, named after the
 * content's uid, labelled with it. One found under that name but made for another content or volume is not ours.
 */
@Singleton
class RdsSnapshotHolder {
    static final String CONTENT_UID_LABEL = "rds.srvlab.io/volumesnapshotcontent-uid";

    private final KubernetesClient client;

    RdsSnapshotHolder(KubernetesClient client) {
        this.client = client;
    }

    /** The RdsVolume of {@code namespace} whose NQN is the handle; never a volume of another namespace. */
    Optional<RdsVolume> volumeOf(String namespace, String volumeHandle) {
        return client.resources(RdsVolume.class).inNamespace(namespace).list().getItems().stream()
                .filter(v -> v.getStatus() != null
                        && volumeHandle.equals(v.getStatus().nqn()))
                .findFirst();
    }

    Optional<RdsSnapshot> find(SnapshotHandles.Handle handle) {
        return Optional.ofNullable(client.resources(RdsSnapshot.class)
                .inNamespace(handle.namespace())
                .withName(handle.rdsSnapshot())
                .get());
    }

    static boolean madeFor(RdsSnapshot snapshot, ContentFacts content) {
        Map<String, String> labels = snapshot.getMetadata().getLabels();
        return labels != null && content.uid().equals(labels.get(CONTENT_UID_LABEL));
    }

    void create(SnapshotHandles.Handle handle, ContentFacts content, RdsVolume volume) {
        var snapshot = new RdsSnapshot();
        snapshot.getMetadata().setName(handle.rdsSnapshot());
        snapshot.getMetadata().setNamespace(handle.namespace());
        snapshot.getMetadata().setLabels(Map.of(CONTENT_UID_LABEL, content.uid()));
        snapshot.setSpec(new RdsSnapshotSpec(
                new RdsSnapshotSpec.Source(volume.getMetadata().getName()), policy(content)));
        client.resource(snapshot).create();
    }

    /** Makes the RdsSnapshot's policy the content's (the content's may change after the snapshot was taken). */
    void followPolicy(RdsSnapshot snapshot, ContentFacts content) {
        DeletionPolicy wanted = policy(content);
        DeletionPolicy now = snapshot.getSpec().deletionPolicy() == null
                ? DeletionPolicy.Delete
                : snapshot.getSpec().deletionPolicy();
        if (now != wanted) {
            client.resources(RdsSnapshot.class)
                    .inNamespace(snapshot.getMetadata().getNamespace())
                    .withName(snapshot.getMetadata().getName())
                    .edit(s -> {
                        s.setSpec(new RdsSnapshotSpec(s.getSpec().source(), wanted));
                        return s;
                    });
        }
    }

    void delete(RdsSnapshot snapshot) {
        client.resource(snapshot).delete();
    }

    private static DeletionPolicy policy(ContentFacts content) {
        return content.retained() ? DeletionPolicy.Retain : DeletionPolicy.Delete;
    }
}
