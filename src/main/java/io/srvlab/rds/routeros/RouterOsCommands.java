package io.srvlab.rds.routeros;

import static io.srvlab.rds.routeros.RouterOsValues.quote;

/**
 * Builds every command the operator sends; each value is checked against an allow-list first and free-form values
 * are double-quoted, so no caller data can end a command, start a substitution or expand a variable.
 */
public final class RouterOsCommands {
    private RouterOsCommands() {}

    /** Cheap no-op used to validate an idle session and as the health check. */
    public static RouterOsCommand identity() {
        return new RouterOsCommand("system-identity", "/system identity print");
    }

    /** {@code version}, board and memory; used with {@link #identity()} to report the RouterOS version. */
    public static RouterOsCommand resource() {
        return new RouterOsCommand("system-resource", "/system resource print");
    }

    /**
     * Creates a file-backed disk exported over NVMe/TCP, with its owner marker as {@code comment}. {@code
     * mount-filesystem=no} keeps RouterOS from mounting a filesystem a client writes onto the volume (see
     * docs/routeros.md).
     */
    public static RouterOsCommand addFileDisk(CreateDisk disk) throws RouterOsException {
        String slot = quote(RouterOsValues.slot(disk.slot()));
        String path = quote(RouterOsValues.absolutePath(disk.filePath()));
        DiskSize size = DiskSize.roundUp(disk.sizeBytes());
        int port = RouterOsValues.port(disk.nvmeTcpPort());
        String nqn = quote(RouterOsValues.nqn(disk.nqn()));
        return new RouterOsCommand(
                "disk-add",
                "/disk add type=file file-path=" + path + " file-size=" + size.cli() + " slot=" + slot
                        + " nvme-tcp-export=yes nvme-tcp-server-port=" + port + " nvme-tcp-server-nqn=" + nqn
                        + " mount-filesystem=no" + optional("comment", disk.comment(), RouterOsValues::comment)
                        + optional("nvme-tcp-server-allow-host-name", disk.allowHostName(), RouterOsValues::hostName));
    }

    private interface Check {
        String apply(String value) throws RouterOsException;
    }

    private static String optional(String key, String value, Check check) throws RouterOsException {
        return value.isEmpty() ? "" : " " + key + "=" + quote(check.apply(value));
    }

    /**
     * The file disk in {@code slot} whose comment is exactly {@code comment} ({@code ""}: none), as a {@code [find …]}
     * expression: every {@code /disk set} and {@code /disk remove} names its disk so, with the comment the operator
     * read and checked, and RouterOS acts on nothing when the disk changed in between (callers read the disk back).
     */
    static String guarded(String slot, String comment) throws RouterOsException {
        String expected = comment.isEmpty() ? "" : RouterOsValues.comment(comment);
        return "[find slot=" + quote(RouterOsValues.slot(slot)) + " and type=file and comment=" + quote(expected) + "]";
    }

    /**
     * Writes the owner marker of a file disk that has none (adoption, or a disk made before markers existed): a disk
     * that got a comment since it was read is left as it is.
     */
    public static RouterOsCommand markDisk(String slot, String marker) throws RouterOsException {
        return new RouterOsCommand(
                "disk-set-comment",
                "/disk set " + guarded(slot, "") + " comment=" + quote(RouterOsValues.comment(marker)));
    }

    /**
     * Turns a disk's NVMe/TCP export back on with its recorded port and NQN (a repair of a disk the operator made,
     * after someone changed its export on the RDS), only while the disk still carries {@code owner}.
     */
    public static RouterOsCommand setExport(String slot, String owner, int port, String nqn) throws RouterOsException {
        return new RouterOsCommand(
                "disk-set-export",
                "/disk set " + guarded(slot, owner) + " nvme-tcp-export=yes nvme-tcp-server-port="
                        + RouterOsValues.port(port) + " nvme-tcp-server-nqn=" + quote(RouterOsValues.nqn(nqn)));
    }

    /**
     * In one command, every disk a new disk could collide with: the one in {@code slot}, any backed by the file at
     * {@code absolutePath}, any exported under {@code nqn} ({@code or} binds looser than {@code and} in RouterOS).
     */
    public static RouterOsCommand disksInTheWayOf(String slot, String absolutePath, String nqn)
            throws RouterOsException {
        return new RouterOsCommand(
                "disk-print-collisions",
                "/disk print detail where slot=" + quote(RouterOsValues.slot(slot)) + " or file-path="
                        + quote(RouterOsValues.absolutePath(absolutePath)) + " or nvme-tcp-server-nqn="
                        + quote(RouterOsValues.nqn(nqn)));
    }

    /** Every disk exported under the given NQN, whatever its slot. */
    public static RouterOsCommand disksByNqn(String nqn) throws RouterOsException {
        return new RouterOsCommand(
                "disk-print-nqn", "/disk print detail where nvme-tcp-server-nqn=" + quote(RouterOsValues.nqn(nqn)));
    }

    /** Every disk backed by the given file, whatever its slot. */
    public static RouterOsCommand disksByFilePath(String absolutePath) throws RouterOsException {
        return new RouterOsCommand(
                "disk-print-file",
                "/disk print detail where file-path=" + quote(RouterOsValues.absolutePath(absolutePath)));
    }

    /** The /file entry of an absolute path (names carry no leading slash); prints nothing when absent. */
    public static RouterOsCommand fileByName(String absolutePath) throws RouterOsException {
        String name = RouterOsValues.absolutePath(absolutePath).substring(1);
        return new RouterOsCommand("file-print-name", "/file print detail where name=" + quote(name));
    }

    public static RouterOsCommand diskBySlot(String slot) throws RouterOsException {
        return new RouterOsCommand(
                "disk-print-slot", "/disk print detail where slot=" + quote(RouterOsValues.slot(slot)));
    }

    /** Anchored prefix match ({@code ~"^prefix"}); {@code ~} alone is a substring/regex match. */
    public static RouterOsCommand disksBySlotPrefix(String prefix) throws RouterOsException {
        return new RouterOsCommand(
                "disk-print-prefix", "/disk print detail where slot~" + quote("^" + RouterOsValues.slotPrefix(prefix)));
    }

    /**
     * Grows (or sets) {@code file-size} of the file disk that still carries {@code owner}; the size is rounded up like
     * {@link DiskSize#roundUp(long)}.
     */
    public static RouterOsCommand resizeDisk(String slot, String owner, long sizeBytes) throws RouterOsException {
        DiskSize size = DiskSize.roundUp(sizeBytes);
        return new RouterOsCommand("disk-set-size", "/disk set " + guarded(slot, owner) + " file-size=" + size.cli());
    }

    /**
     * Removes the disk item of the file disk that still carries {@code owner} ({@code ""}: a disk without comment);
     * the backing file stays (see {@link #removeFile(String)}).
     */
    public static RouterOsCommand removeDisk(String slot, String owner) throws RouterOsException {
        return new RouterOsCommand("disk-remove", "/disk remove " + guarded(slot, owner));
    }

    /** Removes a file; /file names carry no leading slash, so an absolute path is converted. */
    public static RouterOsCommand removeFile(String absolutePath) throws RouterOsException {
        String name = RouterOsValues.absolutePath(absolutePath).substring(1);
        return new RouterOsCommand("file-remove", "/file remove [find name=" + quote(name) + "]");
    }

    /**
     * Every /disk item at once (the filesystems, their capacity, and all file disks): the inventory's one read of the
     * disks, whatever their number.
     */
    public static RouterOsCommand allDisks() {
        return new RouterOsCommand("disk-print-all", "/disk print detail");
    }

    /**
     * The /file entries under a directory, the directory itself included. {@code ~} is an unanchored regular
     * expression: anchored here, and a {@code .} in the path (which RouterOS cannot escape in a string) matches more
     * than itself, so callers filter the result exactly.
     */
    public static RouterOsCommand filesUnder(String absoluteDirectory) throws RouterOsException {
        String name = RouterOsValues.absolutePath(absoluteDirectory).substring(1);
        return new RouterOsCommand("file-print-dir", "/file print detail where name~" + quote("^" + name + "/"));
    }

    /** The disk (usually the RAID) whose filesystem is mounted at {@code mountPoint}, with its size and free. */
    public static RouterOsCommand mountPointCapacity(String mountPoint) throws RouterOsException {
        return new RouterOsCommand(
                "disk-print-mount-point",
                "/disk print detail where mount-point=" + quote(RouterOsValues.mountPoint(mountPoint)));
    }
}
