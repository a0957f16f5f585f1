package io.srvlab.rds.simulator;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /disk/btrfs/subvolume add|print|remove} on the one Btrfs filesystem of the {@link SimulatedRds}. Documented
 * (FACTS §10): {@code add fs= name=} makes a subvolume, {@code add parent= [read-only=yes]} snapshots one
 * (copy-on-write: the snapshot keeps what the parent held at that moment), {@code remove [find where name=…]} removes
 * one. Print layout, error texts and the corner cases in {@link SubvolumeKnobs} are assumptions.
 */
final class SubvolumeMenu {
    private static final Set<String> ADD_KEYS = Set.of("fs", "name", "parent", "read-only", "mount", "mountpoint");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final long FIRST_ID = 256;

    private final SimulatedRds rds;
    private final SimulatorKnobs knobs;

    SubvolumeMenu(SimulatedRds rds, SimulatorKnobs knobs) {
        this.rds = rds;
        this.knobs = knobs;
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
        if (!args.containsKey("fs")) {
            throw new CliError("failure: fs not specified");
        }
        if (!args.get("fs").value().equals(rds.btrfsFilesystemUnlocked())) {
            throw new CliError("input does not match any value of fs");
        }
        if (!args.containsKey("name")) {
            throw new CliError("failure: name not specified");
        }
        String name = args.get("name").value();
        if (!validName(name)) {
            throw CliError.invalidValue("name");
        }
        boolean readOnly =
                args.containsKey("read-only") && args.get("read-only").bool();
        SimulatedSubvolume parent = null;
        if (args.containsKey("parent")) {
            parent = rds.subvolumeMap().get(args.get("parent").value());
            if (parent == null) {
                throw new CliError("input does not match any value of parent");
            }
            if (parent.readOnly() && !readOnly && !knobs.subvolumes().writableSnapshotOfReadOnly()) {
                throw new CliError("failure: cannot make a writable snapshot of a read-only subvolume");
            }
        }
        if (directoryExists(name)) {
            throw new CliError(knobs.subvolumes().duplicateError());
        }
        int slash = name.lastIndexOf('/');
        if (slash > 0 && !knobs.subvolumes().createsParentDirectories() && !directoryExists(name.substring(0, slash))) {
            throw new CliError(SubvolumeKnobs.DEFAULT_NO_DIRECTORY_ERROR);
        }
        if (parent != null) {
            copyFiles(parent.name(), name);
        }
        rds.subvolumeMap()
                .put(
                        name,
                        new SimulatedSubvolume(
                                rds.btrfsFilesystemUnlocked(),
                                name,
                                readOnly,
                                parent == null ? "" : parent.name(),
                                UUID.randomUUID().toString(),
                                FIRST_ID + rds.subvolumeMap().size(),
                                LocalDateTime.now().withNano(0)));
        return "";
    }

    String remove(List<Token> tokens) throws CliError {
        if (tokens.size() != 1) {
            throw CliError.endOfCommandExpected(
                    tokens.isEmpty() ? 27 : tokens.get(tokens.size() - 1).column());
        }
        List<String> names = Where.targets(tokens.get(0), this::find, rds.subvolumeMap()::containsKey);
        Where.requireFound(names, knobs);
        for (String name : names) {
            String dir = directory(name) + "/";
            boolean used = rds.diskMap().values().stream()
                    .anyMatch(d -> d.isFile() && d.filePath().substring(1).startsWith(dir));
            if (used && knobs.subvolumes().refuseRemoveWhileDiskUsesFile()) {
                throw new CliError(knobs.subvolumes().inUseError());
            }
        }
        for (String name : names) {
            for (String file : filesIn(name)) {
                rds.fileMap().remove(file);
                rds.contentMap().remove(file);
                rds.sharedFileSet().remove(file);
            }
            rds.subvolumeMap().remove(name);
        }
        return "";
    }

    String print(List<Token> args, int width) throws CliError {
        List<Token> rest = new ArrayList<>(args);
        if (!rest.isEmpty() && rest.get(0).raw().equals("detail")) {
            rest.remove(0);
        }
        List<String> names;
        if (rest.isEmpty()) {
            names = new ArrayList<>(rds.subvolumeMap().keySet());
        } else if (rest.get(0).raw().equals("where")) {
            names = find(rest.subList(1, rest.size()));
        } else {
            throw CliError.endOfCommandExpected(rest.get(0).column());
        }
        List<DetailPrinter.Item> items = new ArrayList<>();
        int n = 0;
        for (String name : names) {
            SimulatedSubvolume s = rds.subvolumeMap().get(name);
            items.add(new DetailPrinter.Item(
                    n++,
                    "",
                    List.of(
                            "fs=" + s.fs(),
                            "name=\"" + s.name() + "\"",
                            "read-only=" + (s.readOnly() ? "yes" : "no"),
                            "uuid=\"" + s.uuid() + "\"",
                            "subvolume-id=" + s.subvolumeId(),
                            "creation-time=" + s.creationTime().format(TIME),
                            "path=/" + directory(name))));
        }
        return DetailPrinter.print(null, items, width, 2);
    }

    private List<String> find(List<Token> conditions) throws CliError {
        return Where.select(
                new ArrayList<>(rds.subvolumeMap().keySet()),
                Where.conditions(conditions, key -> true),
                this::property);
    }

    private String property(String name, String key) {
        SimulatedSubvolume s = rds.subvolumeMap().get(name);
        return switch (key) {
            case "name" -> s.name();
            case "fs" -> s.fs();
            case "read-only" -> s.readOnly() ? "yes" : "no";
            case "uuid" -> s.uuid();
            case "path" -> "/" + directory(name);
            default -> null;
        };
    }

    /** A snapshot holds the parent's files as they are now, outside subvolumes nested in it (as Btrfs does). */
    private void copyFiles(String parent, String name) {
        String from = directory(parent) + "/";
        String to = directory(name) + "/";
        for (String file : filesIn(parent)) {
            String copy = to + file.substring(from.length());
            rds.fileMap().put(copy, rds.fileMap().get(file));
            ImageContent content = rds.contentMap().get(file);
            if (content != null) {
                rds.contentMap().put(copy, content);
            }
            rds.sharedFileSet().add(copy);
        }
    }

    /** The /file names inside the subvolume, without those of subvolumes nested in it. */
    private List<String> filesIn(String name) {
        String dir = directory(name) + "/";
        List<String> nested = rds.subvolumeMap().keySet().stream()
                .filter(other -> other.startsWith(name + "/"))
                .map(other -> directory(other) + "/")
                .toList();
        return rds.fileMap().keySet().stream()
                .filter(f -> f.startsWith(dir) && nested.stream().noneMatch(f::startsWith))
                .toList();
    }

    private boolean directoryExists(String name) {
        String dir = directory(name);
        return rds.subvolumeMap().keySet().stream().anyMatch(s -> s.equals(name) || s.startsWith(name + "/"))
                || rds.fileMap().keySet().stream().anyMatch(f -> f.equals(dir) || f.startsWith(dir + "/"));
    }

    /** The /file name of the subvolume's directory: under the filesystem's mount point. */
    private String directory(String name) {
        return rds.mountPointUnlocked() + "/" + name;
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.endsWith("/")) {
            return false;
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
