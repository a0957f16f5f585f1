package io.srvlab.rds.operator.rdsvolume;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.common.EventRecorder;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.FailureClassifier;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.operator.common.StatusRecorder;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records what a reconcile of an RdsVolume came to: the phase gauge, an event when the Ready reason changed, and the
 * status when it changed (through the {@link StatusRecorder}, the one writer of status).
 */
@Singleton
class OutcomeRecorder {
    private final VolumePhaseGauge phases;
    private final EventRecorder events;
    private final VolumeStatuses statuses;
    private final Duration permanentRecheck;
    private final StatusRecorder<RdsVolume, RdsVolumeStatus> recorder = new StatusRecorder<>(RdsVolume::new);

    OutcomeRecorder(
            VolumePhaseGauge phases,
            EventRecorder events,
            Clock clock,
            @ConfigProperty(name = "rds.volume.permanent-failure-recheck", defaultValue = "10m")
                    Duration permanentRecheck) {
        this.phases = phases;
        this.events = events;
        this.statuses = new VolumeStatuses(clock);
        this.permanentRecheck = permanentRecheck;
    }

    /** Records {@code status}; looked at again after {@code recheck} (null: on the next event). */
    UpdateControl<RdsVolume> record(RdsVolume volume, RdsVolumeStatus status, Duration recheck) {
        phases.record(ResourceID.fromResource(volume), status.phase());
        events.transitions(
                volume,
                VolumeStatuses.current(volume).conditions(),
                status.conditions(),
                List.of(ConditionTypes.READY));
        UpdateControl<RdsVolume> control = recorder.update(volume, status);
        return recheck == null ? control : control.rescheduleAfter(recheck);
    }

    UpdateControl<RdsVolume> waiting(RdsVolume volume, String reason, String message, Duration recheck) {
        return record(volume, statuses.waiting(volume, reason, message), recheck);
    }

    /** A failure: permanent ones are looked at again slowly, transient ones after their retry time. */
    UpdateControl<RdsVolume> failed(RdsVolume volume, Failure failure, Phase transientPhase) {
        if (failure.interrupted()) {
            return UpdateControl.noUpdate();
        }
        reportDetail(volume, failure);
        return record(
                volume,
                statuses.failed(volume, failure, transientPhase),
                failure.permanent() ? permanentRecheck : failure.retryAfter());
    }

    /** Once per reason: a refusal's detail goes where the operator's admins look, never onto the volume. */
    void reportDetail(RdsVolume volume, Failure failure) {
        boolean newReason = !Conditions.find(VolumeStatuses.current(volume).conditions(), ConditionTypes.READY)
                .map(c -> failure.reason().equals(c.getReason()))
                .orElse(false);
        if (failure.detail() != null && newReason) {
            events.refusalDetail(volume, failure.reason(), failure.detail());
        }
    }

    /** Deletion waits: shown on the volume now, since a deletion's result carries no status. */
    DeleteControl deletionBlocked(
            Context<RdsVolume> context, RdsVolume volume, String reason, String message, Duration recheck) {
        recorder.write(
                context,
                volume,
                statuses.outcome(volume, Phase.Deleting, Conditions.of(ConditionTypes.READY, false, reason, message)));
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(recheck);
    }

    /** Deletion done: the volume leaves the gauge, and the event says what became of its disk. */
    DeleteControl released(RdsVolume volume, String reason, String message) {
        phases.forget(ResourceID.fromResource(volume));
        events.normal(volume, reason, message);
        return DeleteControl.defaultDelete();
    }

    /** An exception no path expected, shown on the volume. */
    ErrorStatusUpdateControl<RdsVolume> unexpected(RdsVolume volume, Exception e) {
        Phase phase = VolumeStatuses.current(volume).phase();
        var status = statuses.outcome(
                volume,
                phase == null ? Phase.Pending : phase,
                Conditions.of(ConditionTypes.READY, false, Reasons.RECONCILE_ERROR, FailureClassifier.describe(e)));
        return recorder.updateError(volume, status);
    }

    Duration permanentRecheck() {
        return permanentRecheck;
    }
}
