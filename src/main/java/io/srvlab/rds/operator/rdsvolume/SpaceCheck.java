package io.srvlab.rds.operator.rdsvolume;

import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.operator.rdspoolconfig.PoolConfigFacts;
import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.volume.Inventories;
import io.srvlab.rds.volume.Inventory;
import io.srvlab.rds.volume.VolumePlan;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Whether what a create or grow adds fits the free space the pool's inventory shows (less what others booked since).
 * If not, nothing is sent: the volume is Failed as when RouterOS refuses for lack of space, but looked at again every
 * status interval (which costs no command) rather than every ten minutes.
 */
@Singleton
class SpaceCheck {
    private static final Logger LOG = Logger.getLogger(SpaceCheck.class);
    private static final Duration LOOK_MAX_AGE = Duration.ofMinutes(1);

    private final Inventories inventories;
    private final Clock clock;

    SpaceCheck(Inventories inventories, Clock clock) {
        this.inventories = inventories;
        this.clock = clock;
    }

    /** Empty when the disk fits or the space is unknown; else the failure to record. */
    Optional<Failure> shortfall(VolumeWork work, Instant deadline) {
        VolumePlan plan = work.plan();
        Optional<Inventory> seen = inventory(work, deadline);
        long adds = seen.flatMap(inventory -> inventory.disk(plan.slot()))
                .map(d -> Math.max(0, plan.sizeBytes() - d.sizeBytes()))
                .orElse(plan.expectsItsDisk() ? 0 : plan.sizeBytes());
        if (seen.isEmpty() || seen.get().book(adds)) {
            return Optional.empty();
        }
        Inventory inventory = seen.get();
        return Optional.of(Failure.transientFor(
                Reasons.NOT_ENOUGH_SPACE,
                "Disk " + plan.slot() + " needs " + adds + " more bytes but the RDS filesystem has "
                        + Math.max(0, inventory.unbookedFreeBytes()) + " of "
                        + inventory.capacity().totalBytes() + " free (not yet booked by other"
                        + " volumes); nothing was sent to the RDS",
                PoolConfigFacts.statusInterval(work.config().getSpec())));
    }

    /**
     * The inventory a create or grow checks its space against: the latest one while it is at most {@link
     * #LOOK_MAX_AGE} old (the pool config reads one every status interval, and RouterOS has the last word anyway),
     * else a new one. Empty when none can be read now: the space is then unknown and RouterOS decides. A create never
     * waits for a read that other volumes may be waiting for too.
     */
    private Optional<Inventory> inventory(VolumeWork work, Instant deadline) {
        RdsPoolConfig config = work.config();
        Optional<Inventory> latest = inventories
                .latest(config.getMetadata().getName())
                .filter(i -> i.takenAt().plus(LOOK_MAX_AGE).isAfter(clock.instant()))
                .filter(i ->
                        i.basePath().equals(config.getSpec().volumeDefaults().basePath()));
        if (latest.isPresent()) {
            return latest;
        }
        try {
            return Optional.of(work.inventory(inventories, deadline));
        } catch (PoolException | RouterOsException unknown) {
            LOG.debugf("Space not checked before provisioning: %s", unknown.getMessage());
            return Optional.empty();
        }
    }
}
