package io.srvlab.rds.operator.rdsvolume;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.FailureClassifier;
import io.srvlab.rds.operator.storage.PersistentVolumeNqns;
import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.volume.ProvisionedDisk;
import io.srvlab.rds.volume.Refusal;
import io.srvlab.rds.volume.RefusedException;
import io.srvlab.rds.volume.VolumeOperations;
import io.srvlab.rds.volume.VolumePlan;
import io.srvlab.rds.volume.VolumeSubvolumes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Creates, adopts, marks or grows an admitted volume's disk, or records why not. */
@Singleton
class Provisioning {
    private static final Logger LOG = Logger.getLogger(Provisioning.class);

    private final VolumeAdmission admission;
    private final VolumeSubvolumes operations;
    private final SlotLeases leases;
    private final SpaceCheck space;
    private final ReadyStatusBuilder readyStatus;
    private final OutcomeRecorder outcomes;
    private final Clock clock;
    private final VolumeStatuses statuses;
    private final Duration driftCheckInterval;
    private final PersistentVolumeNqns pvNqns;

    Provisioning(
            VolumeAdmission admission,
            VolumeOperations operations,
            SlotLeases leases,
            SpaceCheck space,
            ReadyStatusBuilder readyStatus,
            OutcomeRecorder outcomes,
            Clock clock,
            @ConfigProperty(name = "rds.volume.drift-check-interval", defaultValue = "5m") Duration driftCheckInterval,
            PersistentVolumeNqns pvNqns) {
        this.admission = admission;
        this.pvNqns = pvNqns;
        this.operations = new VolumeSubvolumes(operations);
        this.leases = leases;
        this.space = space;
        this.readyStatus = readyStatus;
        this.outcomes = outcomes;
        this.clock = clock;
        this.statuses = new VolumeStatuses(clock);
        this.driftCheckInterval = driftCheckInterval;
    }

    /** In the volume's turn ({@link FairShare}): its slot's lease first, then the disk. */
    UpdateControl<RdsVolume> provision(VolumeWork work) {
        RdsVolume volume = work.volume();
        if (admission.lease(work) instanceof Admission.Refused refused) {
            return outcomes.failed(volume, refused.failure(), refused.phase());
        }
        Phase before = VolumeStatuses.current(volume).phase();
        Phase working = before == Phase.Ready || before == Phase.Resizing ? Phase.Resizing : Phase.Creating;
        try {
            Instant deadline = work.deadline(clock);
            Optional<Failure> noRoom = space.shortfall(work, deadline);
            if (noRoom.isPresent()) {
                return outcomes.failed(volume, noRoom.get(), Phase.Failed);
            }
            Optional<Failure> nqnTaken = nqnNamedByAnotherPersistentVolume(work);
            if (nqnTaken.isPresent()) {
                releaseAfterRefusal(work);
                return outcomes.failed(volume, nqnTaken.get(), Phase.Failed);
            }
            ProvisionedDisk disk = operations.ensure(work.pool(), work.plan(), deadline);
            return outcomes.record(volume, readyStatus.status(work, disk), driftCheckInterval);
        } catch (RefusedException e) {
            if (work.plan().history() == VolumePlan.History.NEW) {
                releaseAfterRefusal(work);
            }
            return outcomes.failed(volume, FailureClassifier.classify(e, Duration.ZERO), Phase.Failed);
        } catch (PoolException | RouterOsException e) {
            Failure failure = FailureClassifier.classify(e, statuses.failingFor(volume));
            if (VolumeStatuses.isDiskMissing(VolumeStatuses.current(volume)) && !failure.permanent()) {
                // Not reaching the RDS says nothing about the lost disk, and must not answer a recreate request.
                LOG.debugf(
                        "Lost disk of %s not looked at: %s (%s)",
                        VolumeWork.name(volume), failure.reason(), failure.message());
                return UpdateControl.<RdsVolume>noUpdate().rescheduleAfter(FailureClassifier.backoff(Duration.ZERO));
            }
            return outcomes.failed(volume, failure, working);
        }
    }

    /** A new disk's NQN that a PersistentVolume of another volume still names (one retained from before). */
    private Optional<Failure> nqnNamedByAnotherPersistentVolume(VolumeWork work) {
        if (work.plan().history() != VolumePlan.History.NEW) {
            return Optional.empty();
        }
        String nqn = work.plan().nqn();
        return pvNqns.heldByAnother(nqn, work.volume().getMetadata().getUid()).map(pv -> Failure.permanent(
                        Refusal.NqnInUse.name(),
                        "A PersistentVolume of another volume still names NQN " + nqn
                                + "; a disk under it would be reached by that volume's Pods. Nothing was sent"
                                + " to the RDS")
                .withDetail("PersistentVolume " + pv + " names NQN " + nqn));
    }

    /**
     * The slot holds what is not this volume's and nothing was provisioned: a lease kept now would only keep out a
     * volume that may use the slot (e.g. one of a namespace allowed to adopt its disk). A lease that cannot be released
     * now is kept until the next check rather than hiding the refusal.
     */
    private void releaseAfterRefusal(VolumeWork work) {
        try {
            leases.release(work.volume(), work.serverKey(), work.plan().slot());
        } catch (KubernetesClientException notReleased) {
            LOG.debugf("Lease on %s kept until the next check: %s", work.plan().slot(), notReleased.getMessage());
        }
    }
}
