package io.srvlab.rds.routeros;

import io.srvlab.rds.routeros.RouterOsException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The typed RDS operations the reconcilers call. Stateless: each method runs one or two commands on the given
 * session, checks both output streams for RouterOS errors and parses the result. Thread-safe.
 */
public final class RouterOsClient {
    private final Duration commandTimeout;

    public RouterOsClient(Duration commandTimeout) {
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("command timeout must be positive");
        }
        this.commandTimeout = commandTimeout;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** Runs a command and returns stdout, or throws the classified RouterOS error found in either stream. */
    public String run(RouterOsSession session, RouterOsCommand command) throws RouterOsException {
        return RouterOsParser.requireSuccess(session.exec(command, commandTimeout));
    }

    public Optional<DiskInfo> findDisk(RouterOsSession session, String slot) throws RouterOsException {
        RouterOsCommand command = RouterOsCommands.diskBySlot(slot);
        List<DiskInfo> disks = RouterOsParser.disks(run(session, command));
        return disks.stream().filter(d -> d.slot().equals(slot)).findFirst();
    }

    /** Disks whose slot starts with {@code slotPrefix}; re-checked here so a looser device match cannot leak. */
    public List<DiskInfo> listDisks(RouterOsSession session, String slotPrefix) throws RouterOsException {
        RouterOsCommand command = RouterOsCommands.disksBySlotPrefix(slotPrefix);
        return RouterOsParser.disks(run(session, command)).stream()
                .filter(d -> d.slot().startsWith(slotPrefix))
                .toList();
    }

    /**
     * Creates the disk and reads it back (RouterOS prints nothing on success). A duplicate slot surfaces as
     * {@link Kind#SLOT_CONFLICT}; callers wanting adopt-if-identical look the slot up first.
     */
    public DiskInfo createFileDisk(RouterOsSession session, CreateDisk disk) throws RouterOsException {
        run(session, RouterOsCommands.addFileDisk(disk));
        return findDisk(session, disk.slot())
                .orElseThrow(() -> new RouterOsException(
                        Kind.FAILURE, "disk " + disk.slot() + " not found right after /disk add"));
    }

    /**
     * Sets {@code file-size} (rounded up to whole MiB) of the file disk in {@code slot} that carries {@code owner} (the
     * comment it was read with) and reads the disk back: {@code set [find …]} is silent when nothing matches, so a
     * missing slot is detected by the read ({@link Kind#NOT_FOUND}), and a disk whose comment is no longer {@code
     * owner} is returned as it is, unchanged by the command: the caller decides what that means.
     */
    public DiskInfo resize(RouterOsSession session, String slot, String owner, long sizeBytes)
            throws RouterOsException {
        run(session, RouterOsCommands.resizeDisk(slot, owner, sizeBytes));
        DiskInfo disk = readBack(session, slot);
        if (disk.comment().equals(owner) && disk.sizeBytes() < sizeBytes) {
            throw new RouterOsException(
                    Kind.FAILURE, "disk " + slot + " is " + disk.sizeBytes() + " bytes after resize to " + sizeBytes);
        }
        return disk;
    }

    /**
     * Writes {@code marker} as the comment of the file disk in {@code slot} if it has no comment, and reads the disk
     * back: a missing slot is {@link Kind#NOT_FOUND}; a disk that had a comment by then is returned with it.
     */
    public DiskInfo markDisk(RouterOsSession session, String slot, String marker) throws RouterOsException {
        run(session, RouterOsCommands.markDisk(slot, marker));
        DiskInfo disk = readBack(session, slot);
        if (disk.comment().isEmpty()) {
            throw new RouterOsException(Kind.FAILURE, "disk " + slot + " did not keep its new comment");
        }
        return disk;
    }

    /**
     * Sets the export (flag, port, NQN) of the file disk in {@code slot} that carries {@code owner} and reads it back:
     * a missing slot is {@link Kind#NOT_FOUND}; a disk whose comment is no longer {@code owner} is returned as it is.
     */
    public DiskInfo setExport(RouterOsSession session, String slot, String owner, int port, String nqn)
            throws RouterOsException {
        run(session, RouterOsCommands.setExport(slot, owner, port, nqn));
        DiskInfo disk = readBack(session, slot);
        if (disk.comment().equals(owner)
                && (!disk.nvmeTcpExport()
                        || disk.nvmeTcpPort() != port
                        || !disk.nqn().equals(nqn))) {
            throw new RouterOsException(Kind.FAILURE, "disk " + slot + " did not keep its NVMe/TCP export settings");
        }
        return disk;
    }

    private DiskInfo readBack(RouterOsSession session, String slot) throws RouterOsException {
        return findDisk(session, slot)
                .orElseThrow(() -> new RouterOsException(Kind.NOT_FOUND, "no disk with slot " + slot));
    }

    /** Disks backed by the file at {@code absolutePath}; re-checked here so a looser device match cannot leak. */
    public List<DiskInfo> disksUsingFile(RouterOsSession session, String absolutePath) throws RouterOsException {
        return RouterOsParser.disks(run(session, RouterOsCommands.disksByFilePath(absolutePath))).stream()
                .filter(d -> d.filePath().equals(absolutePath))
                .toList();
    }

    /** Disks exported under {@code nqn}; re-checked here so a looser device match cannot leak. */
    public List<DiskInfo> disksWithNqn(RouterOsSession session, String nqn) throws RouterOsException {
        return RouterOsParser.disks(run(session, RouterOsCommands.disksByNqn(nqn))).stream()
                .filter(d -> d.nqn().equals(nqn))
                .toList();
    }

    public boolean fileExists(RouterOsSession session, String absolutePath) throws RouterOsException {
        String name = absolutePath.substring(1);
        return RouterOsParser.parsePrintDetail(run(session, RouterOsCommands.fileByName(absolutePath))).stream()
                .anyMatch(item -> name.equals(item.get("name")));
    }

    /**
     * Removes the file disk in {@code slot} if it still carries {@code owner} (the comment it was read with; {@code ""}
     * for none); idempotent (a missing slot, or {@code no such item}, is success). Callers read back whether it went.
     */
    public void removeDisk(RouterOsSession session, String slot, String owner) throws RouterOsException {
        ignoreNotFound(session, RouterOsCommands.removeDisk(slot, owner));
    }

    /** Removes the backing file ({@code /disk remove} keeps it); idempotent. */
    public void removeFile(RouterOsSession session, String absolutePath) throws RouterOsException {
        ignoreNotFound(session, RouterOsCommands.removeFile(absolutePath));
    }

    /**
     * Every /disk item in one command: the file disks (their non-file neighbours left out) and, when the listing
     * shows it, the capacity of the filesystem mounted at {@code mountPoint}: the item printed with that {@code
     * mount-point}, or else the one whose slot it is (RouterOS derives the mount point from the slot by default, and
     * {@code print detail} need not print it). Kept small: only each disk's typed fields are retained.
     */
    public DiskListing allDisks(RouterOsSession session, String mountPoint) throws RouterOsException {
        String name = RouterOsValues.mountPoint(mountPoint);
        Capacity capacity = null;
        List<DiskInfo> files = new ArrayList<>();
        for (PrintItem item : RouterOsParser.parsePrintDetail(run(session, RouterOsCommands.allDisks()))) {
            boolean mounted = name.equals(item.get("mount-point"))
                    || (item.get("mount-point") == null && name.equals(item.get("slot")));
            if (mounted && item.get("free") != null && item.get("size") != null) {
                capacity = new Capacity(
                        name, RouterOsParser.number(item.get("size")), RouterOsParser.number(item.get("free")));
            } else if ("file".equals(item.get("type")) && item.get("slot") != null) {
                files.add(RouterOsParser.disk(item).withoutProperties());
            }
        }
        return new DiskListing(List.copyOf(files), Optional.ofNullable(capacity));
    }

    /** Absolute paths of the files (not directories) anywhere under {@code absoluteDirectory}. */
    public List<String> filesUnder(RouterOsSession session, String absoluteDirectory) throws RouterOsException {
        String prefix = absoluteDirectory.substring(1) + "/";
        List<String> files = new ArrayList<>();
        for (PrintItem item :
                RouterOsParser.parsePrintDetail(run(session, RouterOsCommands.filesUnder(absoluteDirectory)))) {
            String name = item.get("name");
            if (name != null && name.startsWith(prefix) && !"directory".equals(item.get("type"))) {
                files.add("/" + name);
            }
        }
        return List.copyOf(files);
    }

    public Capacity mountPointCapacity(RouterOsSession session, String mountPoint) throws RouterOsException {
        String name = RouterOsValues.mountPoint(mountPoint);
        return RouterOsParser.capacity(name, run(session, RouterOsCommands.mountPointCapacity(name)));
    }

    /** Identity name and RouterOS version; two cheap commands, fit for a health check. */
    public SystemInfo identity(RouterOsSession session) throws RouterOsException {
        Map<String, String> identity = RouterOsParser.parseKeyValues(run(session, RouterOsCommands.identity()));
        Map<String, String> resource = RouterOsParser.parseKeyValues(run(session, RouterOsCommands.resource()));
        String name = identity.get("name");
        String version = resource.get("version");
        if (name == null || version == null) {
            throw new RouterOsException(Kind.UNPARSEABLE, "identity or version missing from system print");
        }
        return new SystemInfo(name, version, session.hostKeyFingerprint());
    }

    private void ignoreNotFound(RouterOsSession session, RouterOsCommand command) throws RouterOsException {
        Objects.requireNonNull(session);
        try {
            run(session, command);
        } catch (RouterOsException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
        }
    }
}
