package io.srvlab.rds.routeros;

/**
 * One {@code /disk/btrfs/subvolume} item; only the fields the operator relies on (the print layout is not documented).
 *
 * @param filesystem its {@code fs}, empty when not printed
 */
public record SubvolumeInfo(String name, String filesystem, boolean readOnly) {}
