package io.srvlab.rds.operator.volumesnapshot;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import jakarta.inject.Singleton;
import java.time.Duration;

/** One pass over one VolumeSnapshotContent, read fresh: ignored unless it is a dynamic content of this driver. */
@Singleton
class ContentSync {
    private final ContentWriter writer;
    private final ContentTaking taking;
    private final ContentDeletion deletion;

    ContentSync(ContentWriter writer, ContentTaking taking, ContentDeletion deletion) {
        this.writer = writer;
        this.taking = taking;
        this.deletion = deletion;
    }

    /** When to look at the content again; null when it is settled (its next change wakes it). */
    Duration sync(String name) {
        GenericKubernetesResource resource = writer.get(name);
        if (resource == null) {
            return null;
        }
        ContentFacts content = ContentFacts.of(resource);
        if (!content.dynamicOfThisDriver()) {
            return null; // another driver's, or pre-provisioned by a handle: not this operator's to act on
        }
        if (ContentDeletion.asked(content)) {
            return deletion.delete(content);
        }
        if (content.deleting() && !content.annotations().containsKey(VolumeSnapshotApi.BEING_CREATED)) {
            // Deleted without the snapshot-controller's word: it gives none once the VolumeSnapshot is gone (a
            // content deleted by hand); then the content's own deletion policy decides, as it would have.
            return taking.boundSnapshotExists(content.spec().volumeSnapshotRef()) ? null : deletion.delete(content);
        }
        return taking.take(content);
    }
}
