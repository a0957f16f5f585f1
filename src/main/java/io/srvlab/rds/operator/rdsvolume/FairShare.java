package io.srvlab.rds.operator.rdsvolume;

import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.srvlab.rds.api.RdsVolume;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A fair share of one RDS between namespaces, before the rate gate (which serves the namespaces' commands in turn):
 * each namespace provisions at most as many volumes at once on a pool as the pool has sessions; its other volumes wait
 * without holding a reconcile thread and are woken one by one as its turns free up (and looked at again after {@link
 * #WAIT_RECHECK} in any case).
 */
@Singleton
class FairShare {
    private static final Logger LOG = Logger.getLogger(FairShare.class);
    static final Duration WAIT_RECHECK = Duration.ofMinutes(1);

    private final ProvisionTurns turns = new ProvisionTurns();
    private final Clock clock;
    private volatile Consumer<ResourceID> wake = id -> {};

    FairShare(Clock clock) {
        this.clock = clock;
    }

    /** How a volume handed a turn is reconciled again (the reconciler's event source). */
    void wakeWith(Consumer<ResourceID> wake) {
        this.wake = wake;
    }

    UpdateControl<RdsVolume> inTurn(VolumeWork work, Supplier<UpdateControl<RdsVolume>> provision) {
        ResourceID volume = ResourceID.fromResource(work.volume());
        String pool = work.config().getMetadata().getName();
        int share = work.pool().settings().maxSize();
        if (!turns.take(pool, volume, share, clock.instant())) {
            LOG.debugf(
                    "%s waits for a turn on %s (%d at once per namespace)",
                    VolumeWork.name(work.volume()), pool, share);
            return UpdateControl.<RdsVolume>noUpdate().rescheduleAfter(WAIT_RECHECK);
        }
        try {
            return provision.get();
        } finally {
            turns.release(pool, volume, clock.instant()).ifPresent(wake);
        }
    }

    /** A volume being deleted, or one whose reconcile provisions nothing, gives up its place in line and its turn. */
    void forget(RdsVolume volume) {
        turns.forget(volume.getSpec().poolConfigName(), ResourceID.fromResource(volume), clock.instant())
                .ifPresent(wake);
    }
}
