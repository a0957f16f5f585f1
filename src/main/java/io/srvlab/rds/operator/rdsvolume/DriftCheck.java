package io.srvlab.rds.operator.rdsvolume;

import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.operator.common.EventRecorder;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.FailureClassifier;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.volume.Inventories;
import io.srvlab.rds.volume.ProvisionedDisk;
import io.srvlab.rds.volume.Refusal;
import io.srvlab.rds.volume.RefusedException;
import io.srvlab.rds.volume.VolumeOperations;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The periodic look at a settled volume's disk. It reads the disk from the pool's shared inventory (at most a status
 * interval old); only a disk that looks gone or not this volume's there is looked up on the RDS.
 */
@Singleton
class DriftCheck {
    private static final Logger LOG = Logger.getLogger(DriftCheck.class);

    private final VolumeOperations operations;
    private final Inventories inventories;
    private final DriftCheckCounter counter;
    private final EventRecorder events;
    private final ReadyStatusBuilder readyStatus;
    private final OutcomeRecorder outcomes;
    private final Clock clock;
    private final Duration interval;

    DriftCheck(
            VolumeOperations operations,
            Inventories inventories,
            DriftCheckCounter counter,
            EventRecorder events,
            ReadyStatusBuilder readyStatus,
            OutcomeRecorder outcomes,
            Clock clock,
            @ConfigProperty(name = "rds.volume.drift-check-interval", defaultValue = "5m") Duration interval) {
        this.operations = operations;
        this.inventories = inventories;
        this.counter = counter;
        this.events = events;
        this.readyStatus = readyStatus;
        this.outcomes = outcomes;
        this.clock = clock;
        this.interval = interval;
    }

    UpdateControl<RdsVolume> check(VolumeWork work) {
        RdsVolume volume = work.volume();
        Optional<ProvisionedDisk> disk;
        try {
            Instant deadline = work.deadline(clock);
            disk = operations.check(work.pool(), work.plan(), work.inventory(inventories, deadline), deadline);
        } catch (RefusedException e) {
            counter.count(DriftCheckCounter.Result.refused);
            return outcomes.failed(volume, FailureClassifier.classify(e, Duration.ZERO), Phase.Failed);
        } catch (PoolException | RouterOsException e) {
            counter.count(DriftCheckCounter.Result.skipped);
            return notChecked(volume, e);
        }
        if (disk.isEmpty()) {
            counter.count(DriftCheckCounter.Result.missing);
            var missing = new RefusedException(
                    Refusal.DiskMissing,
                    "Disk " + work.plan().slot() + " was removed from the RDS outside Kubernetes; it is not recreated"
                            + " automatically");
            return outcomes.failed(volume, FailureClassifier.classify(missing, Duration.ZERO), Phase.Failed);
        }
        counter.count(DriftCheckCounter.Result.intact);
        return outcomes.record(volume, readyStatus.status(work, disk.get()), interval);
    }

    /**
     * A periodic check that could not look at the disk says nothing about the disk: the volume stays Ready (its
     * export does not depend on our SSH session) and is looked at again next period. Trouble reaching the RDS shows on
     * the RdsPoolConfig (Reachable, CircuitClosed), not on every volume it holds. A check that fails for a reason
     * waiting will not cure (RouterOS output we cannot read, a refused command) means drift goes unseen: that is a
     * Warning event and log line each period, still without touching Ready.
     */
    private UpdateControl<RdsVolume> notChecked(RdsVolume volume, Exception e) {
        Failure failure = FailureClassifier.classify(e, Duration.ZERO);
        if (failure.interrupted()) {
            return UpdateControl.noUpdate();
        }
        String name = VolumeWork.name(volume);
        if (failure.permanent()) {
            LOG.warnf("Drift check of %s cannot run: %s (%s)", name, failure.reason(), failure.message());
            events.warning(
                    volume,
                    Reasons.DRIFT_CHECK_FAILED,
                    "Cannot check the disk: " + failure.reason() + ": " + failure.message());
        } else {
            LOG.debugf("Drift check of %s skipped: %s (%s)", name, failure.reason(), failure.message());
        }
        return UpdateControl.<RdsVolume>noUpdate().rescheduleAfter(interval);
    }
}
