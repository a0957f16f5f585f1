package io.srvlab.rds.operator.common;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The one writer of a custom resource's status: only when it changed (an unchanged outcome costs no API call), and as
 * an object that carries nothing but identity and status — no spec (Argo CD sees no drift from us) and no
 * resourceVersion (a patch cannot conflict with the user's edits).
 */
public final class StatusRecorder<R extends CustomResource<?, S>, S> {
    private final Supplier<R> blank;

    public StatusRecorder(Supplier<R> blank) {
        this.blank = blank;
    }

    /** For {@code reconcile}: let JOSDK patch the status if it changed. */
    public UpdateControl<R> update(R resource, S status) {
        return changed(resource, status)
                ? UpdateControl.patchStatus(statusOnly(resource, status))
                : UpdateControl.noUpdate();
    }

    /** For {@code updateErrorStatus}: the same, in JOSDK's error handling. */
    public ErrorStatusUpdateControl<R> updateError(R resource, S status) {
        return changed(resource, status)
                ? ErrorStatusUpdateControl.patchStatus(statusOnly(resource, status))
                : ErrorStatusUpdateControl.noStatusUpdate();
    }

    /** For {@code cleanup}, whose result cannot carry a status: patch it now if it changed. */
    public void write(Context<R> context, R resource, S status) {
        if (changed(resource, status)) {
            context.getClient().resource(statusOnly(resource, status)).patchStatus();
        }
    }

    /**
     * For a writer outside a reconcile: merges the fields {@code fields} sets (the others null) into the status now,
     * leaving the rest as the API server has it.
     */
    public void merge(KubernetesClient client, R resource, S fields) {
        client.resource(statusOnly(resource, fields)).patchStatus();
    }

    private static <S> boolean changed(CustomResource<?, S> resource, S status) {
        return !Objects.equals(status, resource.getStatus());
    }

    R statusOnly(R resource, S status) {
        R patch = blank.get();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(resource.getMetadata().getName())
                .withNamespace(resource.getMetadata().getNamespace())
                .build());
        patch.setStatus(status);
        return patch;
    }
}
