package io.srvlab.rds.routeros;

import static io.srvlab.rds.routeros.RouterOsValues.quote;

/**
 * The {@code /disk/btrfs/subvolume} commands, in the forms the vendor documents (RouterOS 7.18+, ROSE-storage):
 * {@code add fs= name=}, {@code add read-only=yes parent= fs= name=}, {@code remove [find where name=]}. Every value
 * passes an allow-list and is quoted.
 */
public final class SubvolumeCommands {
    private SubvolumeCommands() {}

    public static RouterOsCommand add(String filesystem, String name) throws RouterOsException {
        return new RouterOsCommand(
                "subvolume-add",
                "/disk/btrfs/subvolume/add fs=" + quote(RouterOsValues.filesystem(filesystem)) + " name="
                        + quote(RouterOsValues.subvolume(name)));
    }

    /** A snapshot of {@code parent}: read-only, or writable (the vendor's form with {@code read-only} omitted). */
    public static RouterOsCommand snapshot(String filesystem, String parent, String name, boolean readOnly)
            throws RouterOsException {
        return new RouterOsCommand(
                readOnly ? "subvolume-snapshot" : "subvolume-clone",
                "/disk/btrfs/subvolume/add " + (readOnly ? "read-only=yes " : "") + "parent="
                        + quote(RouterOsValues.subvolume(parent)) + " fs="
                        + quote(RouterOsValues.filesystem(filesystem))
                        + " name=" + quote(RouterOsValues.subvolume(name)));
    }

    public static RouterOsCommand byName(String name) throws RouterOsException {
        return new RouterOsCommand(
                "subvolume-print-name",
                "/disk/btrfs/subvolume/print detail where name=" + quote(RouterOsValues.subvolume(name)));
    }

    /** Removes exactly the subvolume of that name (an exact match; silent when there is none). */
    public static RouterOsCommand remove(String name) throws RouterOsException {
        return new RouterOsCommand(
                "subvolume-remove",
                "/disk/btrfs/subvolume/remove [find where name=" + quote(RouterOsValues.subvolume(name)) + "]");
    }
}
