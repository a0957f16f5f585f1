package io.srvlab.rds.volume;

import static io.srvlab.rds.volume.OwnerMarker.describeComment;
import static io.srvlab.rds.volume.OwnerMarker.describeForTenant;
import static io.srvlab.rds.volume.OwnerRefusals.notOwned;
import static io.srvlab.rds.volume.OwnerRefusals.nqnInUse;
import static io.srvlab.rds.volume.OwnerRefusals.ownedByAnother;

import io.srvlab.rds.pool.Lane;
import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.Capacity;
import io.srvlab.rds.routeros.CreateDisk;
import io.srvlab.rds.routeros.DiskInfo;
import io.srvlab.rds.routeros.DiskListing;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.SystemInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Volume work on one RDS, through its pool. Every change of a disk is preceded by a look-up of the slot and a check of
 * the disk's owner marker, so a repeat after a crash or a lost reply converges instead of creating a second disk, and
 * no command changes a disk that is not the volume's own; a file is removed only when it was such a disk's (or the
 * volume's recorded one, its disk gone) and no disk uses it.
 */
public final class VolumeOperations {
    private final RouterOsClient client;
    private final BusyRetry busy = new BusyRetry();

    public VolumeOperations(RouterOsClient client) {
        this.client = client;
    }

    RouterOsClient client() {
        return client;
    }

    /**
     * Makes the planned disk exist and be this volume's: takes a disk that carries this volume's owner marker; creates
     * one (with the marker) in the empty slot of a new volume, or of a lost disk whose recreation was requested (first
     * removing the file the lost disk left at the recorded path, unless a disk uses it); marks an unmarked disk only
     * for a new volume that may adopt it, or for a volume provisioned before markers existed whose disk it is; and
     * grows the disk when it is smaller than planned. Anything else is refused before a command changes the RDS.
     */
    public ProvisionedDisk ensure(RdsPool pool, VolumePlan plan, Instant deadline)
            throws PoolException, RouterOsException, RefusedException {
        Optional<DiskInfo> existing = find(pool, plan.slot(), deadline);
        DiskInfo disk;
        ProvisionedDisk.Origin origin;
        if (existing.isEmpty()) {
            if (plan.expectsItsDisk()) {
                throw new RefusedException(
                        Refusal.DiskMissing,
                        "Disk " + plan.slot() + " (file " + plan.filePath() + ") is gone from the RDS; it is not"
                                + " recreated automatically");
            }
            if (plan.history() == VolumePlan.History.RECREATE_REQUESTED
                    && plan.filePath().equals(plan.ownFilePath())
                    && busy.execute(pool, session -> client.fileExists(session, plan.filePath()), deadline)) {
                // RouterOS keeps a removed disk's file, and refuses a new disk on an existing file: the lost disk's
                // file goes first (refused if any disk uses it), so the new disk is the empty one that was asked for.
                // A recorded path anywhere else is not trusted that far: the create below refuses its file instead.
                removeFile(pool, plan.filePath(), deadline);
            }
            disk = create(pool, plan, deadline);
            origin = ProvisionedDisk.Origin.CREATED;
        } else {
            disk = existing.get();
            origin = switch (plan.ownership(disk)) {
                case MINE -> ProvisionedDisk.Origin.OWNED;
                case ANOTHER_VOLUME -> throw ownedByAnother(plan, disk);
                case UNMARKED -> {
                    boolean premarker = plan.isPremarkerDisk(disk);
                    boolean adopt = plan.history() == VolumePlan.History.NEW && plan.mayAdopt();
                    if (!premarker && plan.history() != VolumePlan.History.NEW) {
                        throw notOwned(plan, disk); // its own disk is gone; an unmarked one in the slot is not it
                    }
                    if (!premarker && !adopt) {
                        throw new RefusedException(
                                Refusal.AdoptionNotAllowed,
                                "Disk " + plan.slot() + " exists on the RDS without an owner marker"
                                        + (disk.comment().isEmpty() ? "" : " (comment: " + disk.comment() + ")")
                                        + "; the RdsPoolConfig does not let this namespace adopt unmarked disks"
                                        + " (spec.tenancy.adoptionNamespaces must name it; \"*\" does not count)");
                    }
                    if (!premarker) {
                        Optional<String> outOfReach = plan.outOfAdoptionReach(disk);
                        if (outOfReach.isPresent()) {
                            throw new RefusedException(
                                    Refusal.AdoptionNotAllowed,
                                    "Disk " + plan.slot() + " is not adopted: " + outOfReach.get()
                                            + "; nothing was changed");
                        }
                        Optional<String> mismatch = plan.exportMismatch(disk, true);
                        if (mismatch.isPresent()) {
                            throw new RefusedException(
                                    Refusal.ExportMismatch,
                                    "Disk " + plan.slot() + " is not adopted: it is not exported over NVMe/TCP as"
                                            + " initiators need (" + mismatch.get() + "). Export it on the RDS"
                                            + " (/disk set [find slot=\"" + plan.slot() + "\"] nvme-tcp-export=yes);"
                                            + " nothing was changed");
                        }
                    }
                    OwnerMarker marker = premarker ? plan.owner() : plan.owner().asAdopted();
                    DiskInfo marked = busy.execute(
                            pool, session -> client.markDisk(session, plan.slot(), marker.text()), deadline);
                    disk = requireUnchanged(plan, marked, marker.text(), "while it was being marked");
                    yield premarker ? ProvisionedDisk.Origin.MARKED : ProvisionedDisk.Origin.ADOPTED;
                }
            };
        }
        String repaired = null;
        if (origin != ProvisionedDisk.Origin.CREATED) {
            Optional<String> mismatch = exportMismatch(plan, disk);
            if (mismatch.isPresent()) {
                disk = repairExport(pool, plan, disk, mismatch.get(), deadline);
                repaired = mismatch.get();
            }
        }
        if (disk.sizeBytes() < plan.sizeBytes()) {
            String owner = disk.comment();
            DiskInfo grown = busy.execute(
                    pool, session -> client.resize(session, plan.slot(), owner, plan.sizeBytes()), deadline);
            disk = requireUnchanged(plan, grown, owner, "before it could be grown");
        }
        return ProvisionedDisk.of(disk, plan, origin, repaired);
    }

    /** How the export of the volume's own disk differs from what its initiators use (see {@link VolumePlan}). */
    private static Optional<String> exportMismatch(VolumePlan plan, DiskInfo disk) {
        return plan.exportMismatch(disk, isAdopted(disk) && plan.history() == VolumePlan.History.NEW);
    }

    /**
     * Sets the export of a disk the operator made back to the recorded port and NQN; an adopted disk is the user's as
     * it was, so its export is reported and never changed.
     */
    private DiskInfo repairExport(RdsPool pool, VolumePlan plan, DiskInfo disk, String mismatch, Instant deadline)
            throws PoolException, RouterOsException, RefusedException {
        if (isAdopted(disk)) {
            throw new RefusedException(
                    Refusal.ExportMismatch,
                    "Disk " + plan.slot() + " is not exported as initiators of this volume expect (" + mismatch
                            + "). It was adopted, so the operator does not change its export; set it right on the RDS");
        }
        String owner = disk.comment();
        DiskInfo repaired = busy.execute(
                pool,
                session -> client.setExport(session, plan.slot(), owner, plan.nvmeTcpPort(), plan.nqn()),
                deadline);
        return requireUnchanged(plan, repaired, owner, "before its export could be set back");
    }

    /**
     * The disk as read back after a guarded command, when it still carries {@code comment} (the command then acted on
     * it); a disk whose comment changed since it was checked was left alone by RouterOS, and is refused here for what
     * it carries now.
     */
    private static DiskInfo requireUnchanged(VolumePlan plan, DiskInfo after, String comment, String when)
            throws RefusedException {
        if (after.comment().equals(comment)) {
            return after;
        }
        String message = "Disk " + plan.slot() + " changed on the RDS " + when + "; it now carries "
                + describeForTenant(after.comment()) + " and was left as it is";
        throw new RefusedException(
                plan.ownership(after) == VolumePlan.Ownership.ANOTHER_VOLUME
                        ? Refusal.DiskOwnedByAnotherVolume
                        : Refusal.DiskNotOwned,
                message,
                "disk " + plan.slot() + " now carries " + describeComment(after.comment()));
    }

    private static boolean isAdopted(DiskInfo disk) {
        return OwnerMarker.parse(disk.comment()).map(OwnerMarker::adopted).orElse(false);
    }

    /**
     * A create whose earlier attempt took effect without our hearing of it (a reply lost, then retried) meets its own
     * disk, recognised by its marker: that is taken, not reported as a conflict.
     */
    private DiskInfo create(RdsPool pool, VolumePlan plan, Instant deadline)
            throws PoolException, RouterOsException, RefusedException {
        Optional<DiskInfo> mine = fileConflict(pool, plan, deadline);
        if (mine.isPresent()) {
            return mine.get(); // an earlier add took effect after the look-up missed it
        }
        List<DiskInfo> sameNqn = busy.execute(pool, session -> client.disksWithNqn(session, plan.nqn()), deadline);
        if (!sameNqn.isEmpty()) {
            throw nqnInUse(plan, sameNqn.get(0));
        }
        var create = new CreateDisk(
                plan.slot(),
                plan.filePath(),
                plan.attachesCopiedImage() ? plan.subvolume().imageBytes() : plan.sizeBytes(),
                plan.nvmeTcpPort(),
                plan.nqn(),
                plan.owner().text(),
                plan.allowHostName());
        try {
            return busy.execute(pool, session -> client.createFileDisk(session, create), deadline);
        } catch (RouterOsException e) {
            if (e.kind() != RouterOsException.Kind.SLOT_CONFLICT) {
                throw e;
            }
            Optional<DiskInfo> now = find(pool, plan.slot(), deadline);
            if (now.isEmpty()) {
                throw e;
            }
            return switch (plan.ownership(now.get())) {
                case MINE -> now.get();
                case ANOTHER_VOLUME -> throw ownedByAnother(plan, now.get());
                case UNMARKED -> throw notOwned(plan, now.get()); // appeared between our look-up and the add
            };
        }
    }

    /**
     * Refuses a new disk on a file that exists (a detached image is never reused), unless an earlier add of this
     * volume made a disk on it (returned), and a copy's disk on a file that does not (never an empty disk instead).
     */
    private Optional<DiskInfo> fileConflict(RdsPool pool, VolumePlan plan, Instant deadline)
            throws PoolException, RouterOsException, RefusedException {
        boolean exists = busy.execute(pool, session -> client.fileExists(session, plan.filePath()), deadline);
        if (plan.attachesCopiedImage() && !exists) {
            throw new RefusedException(
                    Refusal.SourceImageMissing,
                    "File " + plan.filePath() + " is not in the volume's copy of its source; no empty disk is made"
                            + " in its place");
        }
        if (exists && !plan.attachesCopiedImage()) {
            Optional<DiskInfo> mine =
                    busy.execute(pool, session -> client.disksUsingFile(session, plan.filePath()), deadline).stream()
                            .filter(d -> d.slot().equals(plan.slot()) && plan.ownership(d) == VolumePlan.Ownership.MINE)
                            .findFirst();
            if (mine.isPresent()) {
                return mine;
            }
            throw new RefusedException(
                    Refusal.FileExists,
                    "File " + plan.filePath() + " already exists on the RDS without a disk of this volume; a"
                            + " detached image is never reused or overwritten");
        }
        return Optional.empty();
    }

    /**
     * Reads the volume's disk; a disk there that is not this volume's is refused. The one change it may make: the
     * export of a disk the operator made is set back to the recorded port and NQN when someone changed it (an adopted
     * disk's is reported as {@link Refusal#ExportMismatch} instead).
     */
    public Optional<ProvisionedDisk> check(RdsPool pool, VolumePlan plan, Instant deadline)
            throws PoolException, RouterOsException, RefusedException {
        Optional<DiskInfo> disk = find(pool, plan.slot(), deadline);
        if (disk.isEmpty()) {
            return Optional.empty();
        }
        return switch (plan.ownership(disk.get())) {
            case MINE -> {
                DiskInfo mine = disk.get();
                Optional<String> mismatch = exportMismatch(plan, mine);
                if (mismatch.isPresent()) {
                    mine = repairExport(pool, plan, mine, mismatch.get(), deadline);
                }
                yield Optional.of(ProvisionedDisk.of(mine, plan, ProvisionedDisk.Origin.OWNED, mismatch.orElse(null)));
            }
            case ANOTHER_VOLUME -> throw ownedByAnother(plan, disk.get());
            case UNMARKED -> throw notOwned(plan, disk.get());
        };
    }

    /**
     * Checks the volume's disk against an inventory: a disk seen there with this volume's marker and the expected
     * export costs no command; anything else (absent, another's, an export to set right) is looked at once more on
     * the RDS before it is reported or changed, since the inventory may predate the disk's creation or repair.
     */
    public Optional<ProvisionedDisk> check(RdsPool pool, VolumePlan plan, Inventory inventory, Instant deadline)
            throws PoolException, RouterOsException, RefusedException {
        Optional<DiskInfo> seen = inventory.disk(plan.slot());
        if (seen.isPresent()
                && plan.ownership(seen.get()) == VolumePlan.Ownership.MINE
                && exportMismatch(plan, seen.get()).isEmpty()) {
            return Optional.of(ProvisionedDisk.of(seen.get(), plan, ProvisionedDisk.Origin.OWNED, null));
        }
        return check(pool, plan, deadline);
    }

    /**
     * Reads the whole server in two commands ({@code /disk print detail}, {@code /file print detail} under the base
     * path; a third for the capacity when the listing does not show which item is mounted there), ahead of volume
     * work and without a rate token ({@link Lane#AHEAD}).
     */
    public Inventory inventory(RdsPool pool, String mountPoint, String basePath, Instant deadline)
            throws PoolException, RouterOsException {
        Instant started = Instant.now();
        DiskListing listing = pool.execute(session -> client.allDisks(session, mountPoint), deadline, Lane.AHEAD);
        Capacity capacity = listing.capacity().isPresent()
                ? listing.capacity().get()
                : pool.execute(session -> client.mountPointCapacity(session, mountPoint), deadline, Lane.AHEAD);
        List<String> files = pool.execute(session -> client.filesUnder(session, basePath), deadline, Lane.AHEAD);
        return new Inventory(started, basePath, listing.fileDisks(), capacity, files);
    }

    /** Name and RouterOS version of the server, ahead of volume work. */
    public SystemInfo identify(RdsPool pool, Instant deadline) throws PoolException, RouterOsException {
        return pool.execute(client::identity, deadline, Lane.AHEAD);
    }

    /** What deletion did on the RDS, for the event that reports it. */
    public record Deletion(boolean diskRemoved, String removedFile, String leftAlone) {}

    /**
     * Removes the volume's disk and then its backing file ({@code /disk remove} keeps the file), and reads back that
     * both are gone. Only a disk that carries this volume's marker (or is its disk from before markers) is removed,
     * and only the file of such a disk, or of the disk the volume recorded once it is gone; a file that any disk
     * still uses is never removed. A slot held by something else is left alone: refused if the volume had been
     * provisioned (its disk was replaced behind its back), skipped if it never was. A disk whose marker says it was
     * adopted is removed only with {@code removeAdopted} (the user wrote {@code deletionPolicy: Delete}): the marker
     * on the RDS decides, not only the volume's status, which a stale write could have lost.
     */
    public Deletion delete(RdsPool pool, VolumePlan plan, boolean removeAdopted, Instant deadline)
            throws PoolException, RouterOsException, RefusedException {
        Optional<DiskInfo> existing = find(pool, plan.slot(), deadline);
        String file = null;
        String leftAlone = null;
        boolean diskRemoved = false;
        if (existing.isPresent()) {
            DiskInfo disk = existing.get();
            boolean adopted =
                    OwnerMarker.parse(disk.comment()).map(OwnerMarker::adopted).orElse(false);
            if (plan.ownership(disk) == VolumePlan.Ownership.MINE && adopted && !removeAdopted) {
                return new Deletion(
                        false,
                        null,
                        "disk " + plan.slot() + " was adopted; it is removed only with deletionPolicy: Delete written"
                                + " on the RdsVolume");
            }
            if (plan.ownership(disk) == VolumePlan.Ownership.MINE || plan.isPremarkerDisk(disk)) {
                removeDisk(pool, plan, disk.comment(), deadline);
                diskRemoved = true;
                file = disk.filePath();
            } else if (plan.history() == VolumePlan.History.NEW) {
                leftAlone = "disk " + plan.slot() + " is not this volume's (" + describeForTenant(disk.comment()) + ")";
            } else if (plan.ownership(disk) == VolumePlan.Ownership.ANOTHER_VOLUME) {
                throw ownedByAnother(plan, disk);
            } else {
                throw notOwned(plan, disk);
            }
        } else if (plan.history() != VolumePlan.History.NEW) {
            if (plan.filePath().equals(plan.ownFilePath())) {
                file = plan.filePath();
            } else {
                // The path comes from the status only, which is not proof enough to remove a file elsewhere.
                leftAlone = "file " + plan.filePath() + " recorded for the volume is not " + plan.ownFilePath()
                        + " of its RdsPoolConfig";
            }
        }
        if (file != null) {
            removeFile(pool, file, deadline);
        }
        return new Deletion(diskRemoved, file, leftAlone);
    }

    /** Removes the disk in the plan's slot if it still carries {@code comment}, and reads back that it is gone. */
    private void removeDisk(RdsPool pool, VolumePlan plan, String comment, Instant deadline)
            throws PoolException, RouterOsException, RefusedException {
        busy.execute(
                pool,
                session -> {
                    client.removeDisk(session, plan.slot(), comment);
                    return null;
                },
                deadline);
        Optional<DiskInfo> still = find(pool, plan.slot(), deadline);
        if (still.isPresent()) {
            requireUnchanged(plan, still.get(), comment, "before it could be removed");
            throw new RouterOsException(
                    RouterOsException.Kind.FAILURE, "disk " + plan.slot() + " is still on the RDS after /disk remove");
        }
    }

    private void removeFile(RdsPool pool, String file, Instant deadline)
            throws PoolException, RouterOsException, RefusedException {
        List<DiskInfo> users = busy.execute(pool, session -> client.disksUsingFile(session, file), deadline);
        if (!users.isEmpty()) {
            throw new RefusedException(
                    Refusal.FileInUse,
                    "File " + file + " backs another disk; it is not removed",
                    "file " + file + " backs disk " + users.get(0).slot() + ", which carries "
                            + describeComment(users.get(0).comment()));
        }
        busy.execute(
                pool,
                session -> {
                    client.removeFile(session, file);
                    return null;
                },
                deadline);
        if (busy.execute(pool, session -> client.fileExists(session, file), deadline)) {
            throw new RouterOsException(
                    RouterOsException.Kind.FAILURE, "file " + file + " is still on the RDS after /file remove");
        }
    }

    private Optional<DiskInfo> find(RdsPool pool, String slot, Instant deadline)
            throws PoolException, RouterOsException {
        return busy.execute(pool, session -> client.findDisk(session, slot), deadline);
    }
}
