package io.srvlab.rds.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /disk add|set|remove} of file disks; {@code print} and {@code [find …]} read the {@link DiskTable}. */
final class DiskMenu {
    private static final Set<String> TYPES = Set.of(
            "raid",
            "nvme-tcp",
            "iscsi",
            "nfs",
            "smb",
            "partition",
            "tmpfs",
            "ramdisk",
            "crypted",
            "sshfs",
            "file",
            "hardware");
    private static final Set<String> SET_KEYS = Set.of(
            "file-size",
            "nvme-tcp-export",
            "nvme-tcp-server-port",
            "nvme-tcp-server-nqn",
            "mount-filesystem",
            "nvme-tcp-server-allow-host-name",
            "comment");
    private static final Set<String> ADD_KEYS = Set.of(
            "type",
            "file-path",
            "file-size",
            "slot",
            "nvme-tcp-export",
            "nvme-tcp-server-port",
            "nvme-tcp-server-nqn",
            "mount-filesystem",
            "nvme-tcp-server-allow-host-name",
            "comment");

    private final SimulatedRds rds;
    private final SimulatorKnobs knobs;
    private final DiskTable table;

    DiskMenu(SimulatedRds rds, SimulatorKnobs knobs) {
        this.rds = rds;
        this.knobs = knobs;
        this.table = new DiskTable(rds, knobs);
    }

    String print(List<Token> args, int width) throws CliError {
        return table.print(args, width);
    }

    String add(List<Token> tokens) throws CliError {
        Map<String, Arg> args = new LinkedHashMap<>();
        for (Token t : tokens) {
            Arg a = Arg.of(t);
            if (!ADD_KEYS.contains(a.key()) || a.op() != '=') {
                throw CliError.endOfCommandExpected(t.column());
            }
            args.put(a.key(), a);
        }
        Arg type = args.get("type");
        if (type == null) {
            throw new CliError("failure: type not specified");
        }
        if (!TYPES.contains(type.value())) {
            throw new CliError("input does not match any value of type");
        }
        if (!type.value().equals("file")) {
            throw new CliError("failure: only file disks are simulated");
        }
        if (!args.containsKey("file-path") || !args.containsKey("file-size")) {
            throw new CliError("failure: file-path and file-size must be specified");
        }
        String path = args.get("file-path").value();
        if (!path.startsWith("/") || path.contains("//") || path.endsWith("/")) {
            throw CliError.invalidValue("file-path");
        }
        long bytes = args.get("file-size").size();
        Map<String, SimulatedDisk> disks = rds.diskMap();
        String slot = args.containsKey("slot") ? args.get("slot").value() : "file" + (disks.size() + 1);
        if (slot.isEmpty()) {
            throw CliError.invalidValue("slot");
        }
        if (disks.containsKey(slot) || slot.equals(rds.mountPointUnlocked())) {
            throw new CliError(knobs.duplicateSlotError());
        }
        String name = path.substring(1);
        boolean fileExists = rds.fileMap().containsKey(name);
        if (fileExists && knobs.existingFileError() != null) {
            throw new CliError(knobs.existingFileError());
        }
        long extra = bytes - (fileExists ? rds.fileMap().get(name) : 0);
        if (knobs.diskFull() || extra > rds.freeUnlocked()) {
            throw new CliError(knobs.notEnoughSpaceError());
        }
        boolean export = args.containsKey("nvme-tcp-export")
                && args.get("nvme-tcp-export").bool();
        int port = args.containsKey("nvme-tcp-server-port")
                ? args.get("nvme-tcp-server-port").port()
                : 4420;
        boolean mount = !args.containsKey("mount-filesystem")
                || args.get("mount-filesystem").bool();
        disks.put(
                slot,
                new SimulatedDisk(
                        slot,
                        path,
                        bytes,
                        export,
                        port,
                        text(args, "nvme-tcp-server-nqn"),
                        mount,
                        text(args, "comment"),
                        text(args, "nvme-tcp-server-allow-host-name")));
        if (!fileExists || !knobs.subvolumes().attachKeepsData()) {
            rds.contentMap().remove(name);
        }
        rds.fileMap().put(name, bytes);
        return "";
    }

    String set(List<Token> tokens) throws CliError {
        if (tokens.isEmpty()) {
            throw new CliError("failure: no item specified");
        }
        List<String> slots = targets(tokens.get(0));
        List<Arg> args = new ArrayList<>();
        for (Token t : tokens.subList(1, tokens.size())) {
            Arg a = Arg.of(t);
            if (!SET_KEYS.contains(a.key()) || a.op() != '=') {
                throw CliError.endOfCommandExpected(t.column());
            }
            args.add(a);
        }
        Where.requireFound(slots, knobs);
        for (String slot : slots) {
            SimulatedDisk d = rds.diskMap().get(slot);
            if (d == null) {
                throw new CliError("failure: cannot change " + slot);
            }
            for (Arg a : args) {
                d = switch (a.key()) {
                    case "file-size" -> resized(d, a.size());
                    case "nvme-tcp-export" -> d.withExport(a.bool());
                    case "nvme-tcp-server-port" -> d.withPort(a.port());
                    case "nvme-tcp-server-nqn" -> d.withNqn(a.value());
                    case "nvme-tcp-server-allow-host-name" -> d.withAllowHostName(a.value());
                    case "mount-filesystem" -> d.withMountFilesystem(a.bool());
                    case "comment" -> d.withComment(a.value());
                    default -> d;
                };
            }
            rds.diskMap().put(slot, d);
        }
        return "";
    }

    String remove(List<Token> tokens) throws CliError {
        if (tokens.size() != 1) {
            throw CliError.endOfCommandExpected(
                    tokens.isEmpty() ? 13 : tokens.get(tokens.size() - 1).column());
        }
        List<String> slots = targets(tokens.get(0));
        Where.requireFound(slots, knobs);
        for (String slot : slots) {
            if (!rds.diskMap().containsKey(slot)) {
                throw new CliError("failure: cannot remove " + slot);
            }
        }
        // The backing file stays: "Removing the disk item does not delete the file" (docs/routeros.md §2.5).
        slots.forEach(rds.diskMap()::remove);
        return "";
    }

    private SimulatedDisk resized(SimulatedDisk d, long bytes) throws CliError {
        long grow = bytes - d.fileSizeBytes();
        if (grow > 0 && (knobs.diskFull() || grow > rds.freeUnlocked())) {
            throw new CliError(knobs.notEnoughSpaceError());
        }
        if (d.isFile()) {
            rds.fileMap().put(d.filePath().substring(1), bytes);
        }
        return d.withSize(bytes);
    }

    private List<String> targets(Token target) throws CliError {
        return Where.targets(target, table::slots, rds.diskMap()::containsKey);
    }

    private static String text(Map<String, Arg> args, String key) {
        return args.containsKey(key) ? args.get(key).value() : "";
    }
}
