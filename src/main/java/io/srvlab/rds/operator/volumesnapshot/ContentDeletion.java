package io.srvlab.rds.operator.volumesnapshot;

import io.srvlab.rds.api.RdsSnapshot;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Ends a VolumeSnapshotContent the snapshot-controller is deleting, as a CSI snapshotter would: with deletion policy
 * Delete its RdsSnapshot goes (and with it the snapshot on the RDS) before the handle is cleared; with Retain the
 * RdsSnapshot stays, set to Retain. Then the controller's finalizer is removed. Returns when to look again.
 */
@Singleton
class ContentDeletion {
    private final RdsSnapshotHolder holder;
    private final ContentWriter writer;

    ContentDeletion(RdsSnapshotHolder holder, ContentWriter writer) {
        this.holder = holder;
        this.writer = writer;
    }

    /** Whether the controller asks for the content to end now (as the sidecar decides it). */
    static boolean asked(ContentFacts content) {
        return content.deleting()
                && !content.annotations().containsKey(VolumeSnapshotApi.BEING_CREATED)
                && content.annotations().containsKey(VolumeSnapshotApi.BEING_DELETED);
    }

    Duration delete(ContentFacts content) {
        SnapshotHandles.Handle handle =
                SnapshotHandles.of(content.spec().volumeSnapshotRef().namespace(), content.uid());
        Optional<RdsSnapshot> snapshot = holder.find(handle).filter(s -> RdsSnapshotHolder.madeFor(s, content));
        if (snapshot.isPresent()) {
            holder.followPolicy(snapshot.get(), content);
            if (!content.retained()) {
                if (snapshot.get().getMetadata().getDeletionTimestamp() == null) {
                    holder.delete(snapshot.get());
                }
                return ContentTaking.POLL; // until the RdsSnapshot (and the snapshot on the RDS) is gone
            }
        }
        if (!content.retained() && content.snapshotHandle() != null) {
            writer.clearSnapshot(content);
            return Duration.ZERO; // then the finalizer, on the content as it is now
        }
        writer.removeFinalizer(content);
        return null;
    }
}
