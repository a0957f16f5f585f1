package io.srvlab.rds.operator.volumesnapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes to a VolumeSnapshotContent what a CSI snapshotter sidecar writes: the being-created annotation around the
 * cut, the status (handle, readiness, creation time in nanoseconds, restore size), an error, and at the end the
 * removal of the snapshot-controller's finalizer. Each write names the resource version it was decided on.
 */
@Singleton
class ContentWriter {
    // Plain Jackson: a merge patch needs its nulls (they remove fields).
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final Clock clock;

    ContentWriter(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    GenericKubernetesResource get(String name) {
        return contents().withName(name).get();
    }

    void markBeingCreated(ContentFacts content) {
        patchMetadata(content, Map.of("annotations", Map.of(VolumeSnapshotApi.BEING_CREATED, "yes")));
    }

    void unmarkBeingCreated(ContentFacts content) {
        if (content.annotations().containsKey(VolumeSnapshotApi.BEING_CREATED)) {
            var annotations = new LinkedHashMap<String, Object>();
            annotations.put(VolumeSnapshotApi.BEING_CREATED, null);
            patchMetadata(content, Map.of("annotations", annotations));
        }
    }

    void ready(ContentFacts content, SnapshotHandles.Handle handle, Instant created, Long restoreSize) {
        var status = new LinkedHashMap<String, Object>();
        status.put("snapshotHandle", handle.text());
        status.put("readyToUse", true);
        status.put("creationTime", created.getEpochSecond() * 1_000_000_000L + created.getNano());
        if (restoreSize != null && restoreSize > 0) {
            status.put("restoreSize", restoreSize);
        }
        status.put("error", null);
        patchStatus(content, status);
    }

    /** Not ready, with the reason as a snapshotter reports one: in status.error, readyToUse false. */
    void error(ContentFacts content, String reason, String message) {
        if ((reason + ": " + message).equals(content.errorMessage()) && !content.readyToUse()) {
            return; // said already: writing it again would only wake every watcher
        }
        var status = new LinkedHashMap<String, Object>();
        status.put("readyToUse", false);
        status.put(
                "error",
                Map.of(
                        "message",
                        reason + ": " + message,
                        "time",
                        clock.instant().toString()));
        patchStatus(content, status);
    }

    /** After a deletion: the snapshot is gone, so is its handle. */
    void clearSnapshot(ContentFacts content) {
        var status = new LinkedHashMap<String, Object>();
        status.put("snapshotHandle", null);
        status.put("readyToUse", null);
        status.put("creationTime", null);
        status.put("restoreSize", null);
        patchStatus(content, status);
    }

    void removeFinalizer(ContentFacts content) {
        if (!content.finalizers().contains(VolumeSnapshotApi.CONTENT_FINALIZER)) {
            return;
        }
        List<String> rest = content.finalizers().stream()
                .filter(f -> !f.equals(VolumeSnapshotApi.CONTENT_FINALIZER))
                .toList();
        patchMetadata(content, Map.of("finalizers", rest));
    }

    private void patchMetadata(ContentFacts content, Map<String, Object> fields) {
        var metadata = new LinkedHashMap<String, Object>(fields);
        metadata.put("resourceVersion", content.resourceVersion());
        contents()
                .withName(content.name())
                .patch(PatchContext.of(PatchType.JSON_MERGE), json(Map.of("metadata", metadata)));
    }

    private void patchStatus(ContentFacts content, Map<String, Object> status) {
        contents()
                .withName(content.name())
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), json(Map.of("status", status)));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private MixedOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            contents() {
        return client.genericKubernetesResources(VolumeSnapshotApi.API_VERSION, VolumeSnapshotApi.CONTENT_KIND);
    }
}
