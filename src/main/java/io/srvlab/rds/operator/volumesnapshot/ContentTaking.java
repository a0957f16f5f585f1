package io.srvlab.rds.operator.volumesnapshot;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsSnapshotStatus;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.operator.common.Reasons;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Takes the snapshot a dynamic VolumeSnapshotContent of this driver asks for, as a CSI snapshotter would: only of an
 * RdsVolume of the VolumeSnapshot's own namespace whose NQN is the content's volume handle, through an RdsSnapshot,
 * and reports it on the content once the RdsSnapshot is ready. Returns when to look again (null: settled).
 */
@Singleton
class ContentTaking {
    static final Duration POLL = Duration.ofSeconds(2);
    static final Duration REFUSED_RECHECK = Duration.ofMinutes(1);

    private final KubernetesClient client;
    private final RdsSnapshotHolder holder;
    private final ContentWriter writer;

    ContentTaking(KubernetesClient client, RdsSnapshotHolder holder, ContentWriter writer) {
        this.client = client;
        this.holder = holder;
        this.writer = writer;
    }

    Duration take(ContentFacts content) {
        if (content.readyToUse()) {
            writer.unmarkBeingCreated(content);
            return null;
        }
        ContentFacts.Reference ref = content.spec().volumeSnapshotRef();
        if (!boundSnapshotExists(ref)) {
            return refuse(
                    content,
                    Reasons.VOLUME_SNAPSHOT_NOT_FOUND,
                    "VolumeSnapshot " + ref.namespace() + "/" + ref.name() + " with uid " + ref.uid()
                            + " does not exist; no snapshot is taken for this content");
        }
        String volumeHandle = content.spec().source().volumeHandle();
        Optional<RdsVolume> volume = holder.volumeOf(ref.namespace(), volumeHandle);
        if (volume.isEmpty()) {
            return refuse(
                    content,
                    Reasons.SOURCE_NOT_IN_NAMESPACE,
                    "volume handle " + volumeHandle
                            + " is not the NQN of an RdsVolume in namespace " + ref.namespace()
                            + ", the VolumeSnapshot's: a snapshot is only taken of a volume of the snapshot's own namespace");
        }
        return takeFrom(content, volume.get(), SnapshotHandles.of(ref.namespace(), content.uid()));
    }

    private Duration takeFrom(ContentFacts content, RdsVolume volume, SnapshotHandles.Handle handle) {
        Optional<RdsSnapshot> found = holder.find(handle);
        if (found.isEmpty()) {
            writer.markBeingCreated(content);
            holder.create(handle, content, volume);
            return POLL;
        }
        RdsSnapshot snapshot = found.get();
        if (!RdsSnapshotHolder.madeFor(snapshot, content)
                || !volume.getMetadata()
                        .getName()
                        .equals(snapshot.getSpec().source().volumeName())) {
            return refuse(
                    content,
                    Reasons.SNAPSHOT_NAME_TAKEN,
                    "RdsSnapshot " + handle.text()
                            + " exists and was not made for this content from RdsVolume "
                            + volume.getMetadata().getName() + "; nothing is taken while it is there");
        }
        return report(content, handle, snapshot.getStatus());
    }

    /** What the RdsSnapshot came to, on the content: ready (with its figures), failed, or not yet. */
    private Duration report(ContentFacts content, SnapshotHandles.Handle handle, RdsSnapshotStatus status) {
        if (status != null && Boolean.TRUE.equals(status.readyToUse())) {
            writer.ready(content, handle, Instant.parse(status.creationTime()), status.restoreSize());
            return Duration.ZERO; // then drop the being-created mark on the content as it is now
        }
        if (status != null && status.phase() == RdsSnapshotStatus.Phase.Failed) {
            Condition ready = readyCondition(status);
            writer.error(
                    content,
                    ready == null ? Reasons.RECONCILE_ERROR : ready.getReason(),
                    "RdsSnapshot " + handle.text() + ": " + status.message());
            return REFUSED_RECHECK;
        }
        return POLL;
    }

    boolean boundSnapshotExists(ContentFacts.Reference ref) {
        if (ref.namespace() == null || ref.name() == null || ref.uid() == null) {
            return false;
        }
        GenericKubernetesResource snapshot = client.genericKubernetesResources(
                        VolumeSnapshotApi.API_VERSION, VolumeSnapshotApi.SNAPSHOT_KIND)
                .inNamespace(ref.namespace())
                .withName(ref.name())
                .get();
        return snapshot != null && ref.uid().equals(snapshot.getMetadata().getUid());
    }

    private Duration refuse(ContentFacts content, String reason, String message) {
        writer.error(content, reason, message);
        return REFUSED_RECHECK;
    }

    private static Condition readyCondition(RdsSnapshotStatus status) {
        return status.conditions() == null
                ? null
                : status.conditions().stream()
                        .filter(c -> "Ready".equals(c.getType()))
                        .findFirst()
                        .orElse(null);
    }
}
