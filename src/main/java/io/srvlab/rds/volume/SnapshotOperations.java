package io.srvlab.rds.volume;

import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.SubvolumeClient;
import io.srvlab.rds.routeros.SubvolumeInfo;
import java.time.Instant;
import java.util.Optional;

/**
 * Read-only Btrfs snapshots of volumes' subvolumes, one per RdsSnapshot. A snapshot's name is {@code
 * <base>/rdss-<uid>} ({@link SubvolumePaths}): it is taken, found and removed only under a name that carries the
 * RdsSnapshot's uid, so no command reaches another object's subvolume.
 */
public final class SnapshotOperations {
    private final SubvolumeClient subvolumes;
    private final BusyRetry busy = new BusyRetry();

    public SnapshotOperations(RouterOsClient client) {
        this.subvolumes = new SubvolumeClient(client);
    }

    /**
     * What to snapshot and where.
     *
     * @param source the source volume's subvolume name
     * @param name the snapshot's name, {@link SubvolumePaths#snapshotDirectory} without the mount point
     */
    public record SnapshotPlan(String filesystem, String source, String name, String snapshotUid) {
        public SnapshotPlan {
            if (!name.endsWith("/" + SubvolumePaths.SNAPSHOT_PREFIX + snapshotUid)
                    && !name.equals(SubvolumePaths.SNAPSHOT_PREFIX + snapshotUid)) {
                throw new IllegalArgumentException("a snapshot name must carry its object's uid: " + name);
            }
        }
    }

    /** Takes the snapshot unless it exists (a repeat after a lost reply); returns it as read back. */
    public SubvolumeInfo take(RdsPool pool, SnapshotPlan plan, Instant deadline)
            throws PoolException, RouterOsException, RefusedException {
        Optional<SubvolumeInfo> existing = busy.execute(pool, s -> subvolumes.find(s, plan.name()), deadline);
        SubvolumeInfo taken = existing.isPresent()
                ? existing.get()
                : busy.execute(
                        pool,
                        s -> subvolumes.snapshot(s, plan.filesystem(), plan.source(), plan.name(), true),
                        deadline);
        if (!taken.readOnly()) {
            throw new RefusedException(
                    Refusal.DiskNotOwned,
                    "Subvolume " + plan.name() + " is not read-only; it is not taken for this snapshot");
        }
        return taken;
    }

    public boolean exists(RdsPool pool, SnapshotPlan plan, Instant deadline) throws PoolException, RouterOsException {
        return busy.execute(pool, s -> subvolumes.find(s, plan.name()), deadline)
                .isPresent();
    }

    /** Removes the snapshot (silent when it is gone already) and reads back that it is gone. */
    public void remove(RdsPool pool, SnapshotPlan plan, Instant deadline) throws PoolException, RouterOsException {
        if (!busy.execute(pool, s -> subvolumes.remove(s, plan.name()), deadline)) {
            throw new RouterOsException(
                    RouterOsException.Kind.FAILURE, "snapshot " + plan.name() + " is still on the RDS after remove");
        }
    }
}
