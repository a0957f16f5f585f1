package io.srvlab.rds.volume;

import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.DiskInfo;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.SubvolumeClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Volume work with the snapshot layout: a new volume's subvolume is made (empty, or as a writable snapshot of its
 * source) before {@link VolumeOperations} puts the disk in it, and goes after the disk and its file. A subvolume is
 * touched only when its name carries the volume's uid ({@link VolumePlan#ownSubvolume()}).
 */
public final class VolumeSubvolumes {
    private final VolumeOperations operations;
    private final RouterOsClient client;
    private final SubvolumeClient subvolumes;
    private final BusyRetry busy = new BusyRetry();

    public VolumeSubvolumes(VolumeOperations operations) {
        this.operations = operations;
        this.client = operations.client();
        this.subvolumes = new SubvolumeClient(client);
    }

    /** {@link VolumeOperations#ensure}, after making a new volume's subvolume when it has none yet. */
    public ProvisionedDisk ensure(RdsPool pool, VolumePlan plan, Instant deadline)
            throws PoolException, RouterOsException, RefusedException {
        SubvolumeOrigin origin = plan.subvolume();
        if (plan.history() == VolumePlan.History.NEW && origin != null) {
            boolean present = busy.execute(pool, s -> subvolumes.find(s, origin.name()), deadline)
                    .isPresent();
            if (!present) {
                busy.execute(
                        pool,
                        s -> origin.isCopy()
                                ? subvolumes.snapshot(s, origin.filesystem(), origin.parent(), origin.name(), false)
                                : subvolumes.create(s, origin.filesystem(), origin.name()),
                        deadline);
            }
        }
        return operations.ensure(pool, plan, deadline);
    }

    /** What deletion did, the subvolume included. */
    public record Deletion(VolumeOperations.Deletion volume, String removedSubvolume) {}

    /**
     * {@link VolumeOperations#delete}, then the volume's own subvolume (with whatever is left in it), unless a disk
     * still uses the volume's file; read back.
     */
    public Deletion delete(RdsPool pool, VolumePlan plan, boolean removeAdopted, Instant deadline)
            throws PoolException, RouterOsException, RefusedException {
        VolumeOperations.Deletion done = operations.delete(pool, plan, removeAdopted, deadline);
        Optional<String> own = plan.ownSubvolume();
        if (own.isEmpty()) {
            return new Deletion(done, null);
        }
        String name = own.get();
        if (busy.execute(pool, s -> subvolumes.find(s, name), deadline).isEmpty()) {
            return new Deletion(done, null);
        }
        List<DiskInfo> users = busy.execute(pool, s -> client.disksUsingFile(s, plan.filePath()), deadline);
        if (!users.isEmpty()) {
            throw new RefusedException(
                    Refusal.FileInUse,
                    "Subvolume " + name + " holds " + plan.filePath() + ", which another disk uses; it is not removed",
                    "file " + plan.filePath() + " backs disk " + users.get(0).slot());
        }
        if (!busy.execute(pool, s -> subvolumes.remove(s, name), deadline)) {
            throw new RouterOsException(
                    RouterOsException.Kind.FAILURE, "subvolume " + name + " is still on the RDS after remove");
        }
        return new Deletion(done, name);
    }
}
