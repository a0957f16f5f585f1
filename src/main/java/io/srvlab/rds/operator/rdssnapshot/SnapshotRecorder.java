package io.srvlab.rds.operator.rdssnapshot;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsSnapshotStatus;
import io.srvlab.rds.operator.common.StatusRecorder;
import jakarta.inject.Singleton;

/** Records what a reconcile of an RdsSnapshot came to: the phase gauge, and the status when it changed. */
@Singleton
class SnapshotRecorder {
    private final SnapshotPhaseGauge phases;
    private final StatusRecorder<RdsSnapshot, RdsSnapshotStatus> recorder = new StatusRecorder<>(RdsSnapshot::new);

    SnapshotRecorder(SnapshotPhaseGauge phases) {
        this.phases = phases;
    }

    UpdateControl<RdsSnapshot> update(RdsSnapshot snapshot, RdsSnapshotStatus status) {
        phases.record(ResourceID.fromResource(snapshot), status.phase());
        return recorder.update(snapshot, status);
    }

    ErrorStatusUpdateControl<RdsSnapshot> updateError(RdsSnapshot snapshot, RdsSnapshotStatus status) {
        phases.record(ResourceID.fromResource(snapshot), status.phase());
        return recorder.updateError(snapshot, status);
    }

    /** For {@code cleanup}: the status now, when the deletion is blocked. */
    void write(Context<RdsSnapshot> context, RdsSnapshot snapshot, RdsSnapshotStatus status) {
        phases.record(ResourceID.fromResource(snapshot), status.phase());
        recorder.write(context, snapshot, status);
    }

    /** The snapshot is gone (or released): it no longer counts. */
    void forget(RdsSnapshot snapshot) {
        phases.forget(ResourceID.fromResource(snapshot));
    }
}
