package io.srvlab.rds.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.Map;

/**
 * What an informer cache keeps of a resource: everything but what no reconciler reads and the operator never writes
 * back whole. {@code metadata.managedFields} (one entry per field manager, often the larger half of the metadata) and
 * the {@code kubectl apply} annotation (a second copy of the spec) are dropped. Safe because every write of a cached
 * resource is a patch (status, finalizers) that names only what it changes, never a replace of the whole object.
 */
public final class CachedForm {
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private CachedForm() {}

    /** An item store that keeps the pruned form. */
    public static <R extends HasMetadata> TransformingItemStore<R> store() {
        return new TransformingItemStore<>(CachedForm::pruned);
    }

    /** The resource itself, pruned in place (the informer hands over a freshly read object). */
    public static <R extends HasMetadata> R pruned(R resource) {
        ObjectMeta meta = resource.getMetadata();
        if (meta == null) {
            return resource;
        }
        meta.setManagedFields(null);
        Map<String, String> annotations = meta.getAnnotations();
        if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
            annotations.remove(LAST_APPLIED);
        }
        return resource;
    }
}
