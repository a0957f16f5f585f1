package io.srvlab.rds.simulator;

import java.util.List;

/** The properties {@code /disk print detail} shows for the RAID row and for a file disk, in the hardware's order. */
final class DiskDetail {
    private static final String RAID_UUID = "f457bc79-7408-489b-8850-85923e900452";

    private DiskDetail() {}

    static String flags(SimulatedDisk d) {
        return "B" + (d.nvmeTcpExport() ? "t" : "");
    }

    /** Property order and quoting as in the hardware capture (docs/routeros.md §3.3). */
    static List<String> fileDisk(SimulatedDisk d) {
        if (!d.isFile()) {
            return otherDisk(d);
        }
        return List.of(
                "type=file",
                "slot=" + DetailPrinter.quoted(d.slot()),
                "slot-default=\"\"",
                "parent=\"\"",
                "fs=-",
                "model=" + DetailPrinter.quoted(d.filePath()),
                "size=" + DetailPrinter.grouped(d.fileSizeBytes()),
                "mount-filesystem=" + yesNo(d.mountFilesystem()),
                "mount-read-only=no",
                "compress=no",
                "sector-size=512",
                "raid-master=none",
                "nvme-tcp-export=" + yesNo(d.nvmeTcpExport()),
                "nvme-tcp-server-port=" + d.nvmeTcpPort(),
                "nvme-tcp-server-nqn=" + DetailPrinter.quoted(d.nqn()),
                "nvme-tcp-server-allow-host-name=" + DetailPrinter.quoted(d.allowHostName()),
                "iscsi-export=no",
                "nfs-sharing=no",
                "smb-sharing=no",
                "media-sharing=no",
                "media-interface=none",
                "swap=no",
                "file-path=" + d.filePath(),
                "file-size=" + DetailPrinter.human(d.fileSizeBytes()),
                "file-offset=0");
    }

    /**
     * A disk of another type (say an exported partition): the file disk's properties without the file ones. Only what
     * the operator reads matters here; the exact property set of such a disk is not captured (docs/routeros.md).
     */
    private static List<String> otherDisk(SimulatedDisk d) {
        return List.of(
                "type=" + d.type(),
                "slot=" + DetailPrinter.quoted(d.slot()),
                "slot-default=\"\"",
                "parent=none",
                "fs=-",
                "model=" + DetailPrinter.quoted(d.slot()),
                "size=" + DetailPrinter.grouped(d.fileSizeBytes()),
                "mount-filesystem=" + yesNo(d.mountFilesystem()),
                "nvme-tcp-export=" + yesNo(d.nvmeTcpExport()),
                "nvme-tcp-server-port=" + d.nvmeTcpPort(),
                "nvme-tcp-server-nqn=" + DetailPrinter.quoted(d.nqn()),
                "nvme-tcp-server-allow-host-name=" + DetailPrinter.quoted(d.allowHostName()),
                "iscsi-export=no",
                "nfs-sharing=no",
                "smb-sharing=no",
                "media-sharing=no",
                "media-interface=none",
                "swap=no");
    }

    static List<String> raid(String mountPoint, long total, long free) {
        long use = total == 0 ? 0 : (total - free) * 100 / total;
        return List.of(
                "type=raid",
                "slot=" + DetailPrinter.quoted(mountPoint),
                "slot-default=\"\"",
                "parent=none",
                "uuid=\"" + RAID_UUID + "\"",
                "fs=btrfs",
                "model=\"RAID6 2-parity-disks\"",
                "size=" + DetailPrinter.grouped(total),
                "free=" + DetailPrinter.grouped(free),
                "use=" + use + "%",
                "raid-type=6",
                "raid-device-count=20",
                "raid-max-component-size=none",
                "raid-chunk-size=1M",
                "raid-master=none",
                "raid-state=\"clean\"",
                "nvme-tcp-export=no",
                "iscsi-export=no",
                "nfs-sharing=no",
                "smb-sharing=no",
                "media-sharing=no",
                "media-interface=none");
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
