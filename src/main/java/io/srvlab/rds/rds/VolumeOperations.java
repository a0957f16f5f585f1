package io.srvlab.rds.rds;

import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.Capacity;
import io.srvlab.rds.routeros.CreateDisk;
import io.srvlab.rds.routeros.DiskInfo;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.SystemInfo;
import java.time.Instant;
import java.util.Optional;

/**
 * Volume work on one RDS, through its pool. Every change is preceded by a look-up, so a repeat after a crash or a lost
 * reply converges instead of creating a second disk.
 */
public final class VolumeOperations {
    private final RouterOsClient client;
    private final BusyRetry busy = new BusyRetry();

    public VolumeOperations(RouterOsClient client) {
        this.client = client;
    }

    /**
     * Makes the planned disk exist: adopts a disk already in the slot when it is backed by the planned file, creates
     * it when the slot is free, grows it when it is smaller than planned. A slot used by another file is a conflict.
     */
    public ProvisionedDisk ensure(RdsPool pool, VolumePlan plan, Instant deadline)
            throws PoolException, RouterOsException {
        Optional<DiskInfo> existing = busy.execute(pool, session -> client.findDisk(session, plan.slot()), deadline);
        DiskInfo disk;
        if (existing.isEmpty()) {
            var create = new CreateDisk(plan.slot(), plan.filePath(), plan.sizeBytes(), plan.nvmeTcpPort(), plan.nqn());
            disk = create(pool, plan, create, deadline);
        } else {
            disk = existing.get();
            if (!plan.owns(disk)) {
                throw new SlotConflictException("Slot " + plan.slot() + " is already used by a disk backed by "
                        + disk.filePath() + ", not " + plan.filePath() + "; the operator leaves that disk alone");
            }
        }
        if (disk.sizeBytes() < plan.sizeBytes()) {
            disk = busy.execute(pool, session -> client.resize(session, plan.slot(), plan.sizeBytes()), deadline);
        }
        return provisioned(disk, plan);
    }

    /**
     * A create whose earlier attempt took effect without our hearing of it (a reply lost, then retried) meets its own
     * disk: that is adopted, not reported as a conflict.
     */
    private DiskInfo create(RdsPool pool, VolumePlan plan, CreateDisk create, Instant deadline)
            throws PoolException, RouterOsException {
        try {
            return busy.execute(pool, session -> client.createFileDisk(session, create), deadline);
        } catch (RouterOsException e) {
            if (e.kind() != RouterOsException.Kind.SLOT_CONFLICT) {
                throw e;
            }
            Optional<DiskInfo> mine = busy.execute(pool, session -> client.findDisk(session, plan.slot()), deadline)
                    .filter(plan::owns);
            if (mine.isEmpty()) {
                throw e;
            }
            return mine.get();
        }
    }

    public Optional<ProvisionedDisk> find(RdsPool pool, VolumePlan plan, Instant deadline)
            throws PoolException, RouterOsException {
        return busy.execute(pool, session -> client.findDisk(session, plan.slot()), deadline)
                .map(disk -> provisioned(disk, plan));
    }

    /**
     * Removes the disk and then its backing file ({@code /disk remove} keeps the file). Both steps are idempotent. The
     * file is removed only when the slot is gone or was backed by the planned file, never another disk's file.
     */
    public void delete(RdsPool pool, VolumePlan plan, Instant deadline) throws PoolException, RouterOsException {
        Optional<DiskInfo> existing = busy.execute(pool, session -> client.findDisk(session, plan.slot()), deadline);
        if (existing.isPresent() && !plan.owns(existing.get())) {
            throw new SlotConflictException(
                    "Slot " + plan.slot() + " is backed by " + existing.get().filePath() + ", not " + plan.filePath()
                            + "; refusing to delete a disk this volume does not own");
        }
        if (existing.isPresent()) {
            busy.execute(
                    pool,
                    session -> {
                        client.removeDisk(session, plan.slot());
                        return null;
                    },
                    deadline);
        }
        busy.execute(
                pool,
                session -> {
                    client.removeFile(session, plan.filePath());
                    return null;
                },
                deadline);
    }

    public ServerFacts probe(RdsPool pool, String mountPoint, Instant deadline)
            throws PoolException, RouterOsException {
        SystemInfo system = busy.execute(pool, client::identity, deadline);
        Capacity capacity = busy.execute(pool, session -> client.mountPointCapacity(session, mountPoint), deadline);
        return new ServerFacts(system.identity(), system.version(), capacity.totalBytes(), capacity.freeBytes());
    }

    private static ProvisionedDisk provisioned(DiskInfo disk, VolumePlan plan) {
        return new ProvisionedDisk(
                disk.slot(),
                disk.filePath(),
                disk.sizeBytes(),
                disk.nqn() == null ? plan.nqn() : disk.nqn(),
                disk.nvmeTcpPort() > 0 ? disk.nvmeTcpPort() : plan.nvmeTcpPort());
    }
}
