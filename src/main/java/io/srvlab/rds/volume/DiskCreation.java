package io.srvlab.rds.volume;

import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.CreateDisk;
import io.srvlab.rds.routeros.DiskInfo;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.routeros.RouterOsException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The look-up before a volume's disk is made or taken, and the create: one command finds the disk in the slot and any
 * disk a new one would collide with (same file, same NQN); the add and its read-back then share one lease.
 */
final class DiskCreation {
    private final RouterOsClient client;
    private final BusyRetry busy;

    DiskCreation(RouterOsClient client, BusyRetry busy) {
        this.client = client;
        this.busy = busy;
    }

    /** What the look-up found: the disk in the plan's slot, and every disk in the slot, on its file or its NQN. */
    record Look(Optional<DiskInfo> inSlot, List<DiskInfo> inTheWay) {}

    /**
     * One command either way: a volume that expects its disk is never given a new one, so only the slot is read; a
     * new volume or a requested replacement also reads what a create would collide with.
     */
    Look lookUp(RdsPool pool, VolumePlan plan, Instant deadline) throws PoolException, RouterOsException {
        if (plan.expectsItsDisk()) {
            Optional<DiskInfo> disk = busy.execute(pool, session -> client.findDisk(session, plan.slot()), deadline);
            return new Look(disk, disk.stream().toList());
        }
        List<DiskInfo> found = busy.execute(
                pool, session -> client.disksInTheWayOf(session, plan.slot(), plan.filePath(), plan.nqn()), deadline);
        return new Look(found.stream().filter(d -> d.slot().equals(plan.slot())).findFirst(), found);
    }

    /**
     * Creates the disk in the empty slot, on one lease: the add and its read-back, preceded by a look for a detached
     * file at the path unless the path names the volume's uid (see {@link VolumePlan#pathNamesItsVolume()}). Disks
     * that backed the file or carried the NQN at the look-up refuse the create. A
     * create whose earlier attempt took effect without our hearing of it (a reply lost, then retried) meets its own
     * disk, recognised by its marker: that is taken, not reported as a conflict.
     */
    DiskInfo create(RdsPool pool, VolumePlan plan, Look look, Instant deadline)
            throws PoolException, RouterOsException, RefusedException {
        refuseCollisions(plan, look);
        boolean copy = plan.attachesCopiedImage();
        var create = new CreateDisk(
                plan.slot(),
                plan.filePath(),
                copy ? plan.subvolume().imageBytes() : plan.sizeBytes(),
                plan.nvmeTcpPort(),
                plan.nqn(),
                plan.owner().text(),
                plan.allowHostName());
        // A copy's disk needs its image there (never an empty disk instead); any other disk needs the path free.
        boolean lookForFile = copy || !plan.pathNamesItsVolume();
        Optional<DiskInfo> created;
        try {
            created = busy.execute(
                    pool,
                    session -> lookForFile && client.fileExists(session, plan.filePath()) != copy
                            ? Optional.<DiskInfo>empty()
                            : Optional.of(client.createFileDisk(session, create)),
                    deadline);
        } catch (RouterOsException e) {
            if (e.kind() != RouterOsException.Kind.SLOT_CONFLICT) {
                throw e;
            }
            return afterConflict(pool, plan, e, deadline);
        }
        if (created.isPresent()) {
            return created.get();
        }
        if (copy) {
            throw new RefusedException(
                    Refusal.SourceImageMissing,
                    "File " + plan.filePath() + " is not in the volume's copy of its source; no empty disk is made"
                            + " in its place");
        }
        return mineOnTheFile(pool, plan, deadline).orElseThrow(() -> fileExists(plan));
    }

    /** A disk on the plan's file or under its NQN, seen at the look-up, refuses the create. */
    private static void refuseCollisions(VolumePlan plan, Look look) throws RefusedException {
        Optional<DiskInfo> onTheFile = look.inTheWay().stream()
                .filter(d -> d.filePath().equals(plan.filePath()))
                .findFirst();
        if (onTheFile.isPresent()) {
            throw fileExists(plan);
        }
        Optional<DiskInfo> sameNqn =
                look.inTheWay().stream().filter(d -> d.nqn().equals(plan.nqn())).findFirst();
        if (sameNqn.isPresent()) {
            throw OwnerRefusals.nqnInUse(plan, sameNqn.get());
        }
    }

    /**
     * RouterOS refused the add as a duplicate: the slot was taken since the look-up (by our own earlier add, or by
     * something else), or the file exists (RouterOS refuses a new disk on an existing file).
     */
    private DiskInfo afterConflict(RdsPool pool, VolumePlan plan, RouterOsException conflict, Instant deadline)
            throws PoolException, RouterOsException, RefusedException {
        Optional<DiskInfo> now = busy.execute(pool, session -> client.findDisk(session, plan.slot()), deadline);
        if (now.isEmpty()) {
            if (!plan.attachesCopiedImage()
                    && busy.execute(pool, session -> client.fileExists(session, plan.filePath()), deadline)) {
                throw fileExists(plan);
            }
            throw conflict;
        }
        return switch (plan.ownership(now.get())) {
            case MINE -> now.get();
            case ANOTHER_VOLUME -> throw OwnerRefusals.ownedByAnother(plan, now.get());
            case UNMARKED -> throw OwnerRefusals.notOwned(plan, now.get()); // appeared between our look-up and the add
        };
    }

    /** This volume's disk on the plan's file, made by an earlier add that took effect after the look-up missed it. */
    private Optional<DiskInfo> mineOnTheFile(RdsPool pool, VolumePlan plan, Instant deadline)
            throws PoolException, RouterOsException {
        return busy.execute(pool, session -> client.disksUsingFile(session, plan.filePath()), deadline).stream()
                .filter(d -> d.slot().equals(plan.slot()) && plan.ownership(d) == VolumePlan.Ownership.MINE)
                .findFirst();
    }

    private static RefusedException fileExists(VolumePlan plan) {
        return new RefusedException(
                Refusal.FileExists,
                "File " + plan.filePath() + " already exists on the RDS without a disk of this volume; a"
                        + " detached image is never reused or overwritten");
    }
}
