package io.srvlab.rds.operator.volumesnapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What this operator reads of a VolumeSnapshotContent (snapshot.storage.k8s.io/v1), typed; the API's other fields are
 * ignored. Read from the generic form, because the snapshot CRDs are optional and not part of this operator's model.
 */
record ContentFacts(
        String name,
        String uid,
        String resourceVersion,
        boolean deleting,
        Map<String, String> annotations,
        List<String> finalizers,
        Spec spec,
        Status status) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Spec(
            String driver,
            String deletionPolicy,
            Source source,
            Reference volumeSnapshotRef,
            String sourceVolumeMode) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Source(String volumeHandle, String snapshotHandle) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Reference(String namespace, String name, String uid) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(String snapshotHandle, Boolean readyToUse, Long creationTime, Long restoreSize, Error error) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(String message) {}

    static ContentFacts of(GenericKubernetesResource content) {
        var metadata = content.getMetadata();
        Map<String, Object> fields = content.getAdditionalProperties();
        Spec spec = Serialization.jsonMapper().convertValue(fields.get("spec"), Spec.class);
        Status status = Serialization.jsonMapper().convertValue(fields.get("status"), Status.class);
        return new ContentFacts(
                metadata.getName(),
                metadata.getUid(),
                metadata.getResourceVersion(),
                metadata.getDeletionTimestamp() != null,
                Objects.requireNonNullElse(metadata.getAnnotations(), Map.of()),
                Objects.requireNonNullElse(metadata.getFinalizers(), List.of()),
                spec,
                status);
    }

    /** A content of this driver whose snapshot is to be taken of a volume (not one pre-provisioned by a handle). */
    boolean dynamicOfThisDriver() {
        return spec != null
                && VolumeSnapshotApi.DRIVER.equals(spec.driver())
                && spec.source() != null
                && spec.source().volumeHandle() != null
                && spec.volumeSnapshotRef() != null;
    }

    boolean retained() {
        return "Retain".equals(spec.deletionPolicy());
    }

    boolean readyToUse() {
        return status != null && Boolean.TRUE.equals(status.readyToUse());
    }

    String errorMessage() {
        return status == null || status.error() == null ? null : status.error().message();
    }

    String snapshotHandle() {
        return status == null ? null : status.snapshotHandle();
    }
}
