package io.srvlab.rds.simulator;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small RouterOS CLI: tokenises a command line by RouterOS quoting rules ({@code ;} and newlines separate
 * commands, {@code "…"} strings with escapes, {@code [find …]}) and runs the /disk, /file and /system commands the
 * operator uses against a {@link SimulatedRds}, printing in the real output format.
 */
final class CliInterpreter {
    /** Output of one command line; {@code error} marks RouterOS error text. */
    record Reply(String text, boolean error) {
        static Reply ok(String text) {
            return new Reply(text, false);
        }
    }

    private static final class CliError extends Exception {
        CliError(String message) {
            super(message, null, false, false);
        }
    }

    private record Token(String raw, int column) {}

    private record Arg(String key, char op, String value, int column) {}

    private static final Set<String> VERBS = Set.of("print", "add", "set", "remove", "find", "get", "export");
    private static final Set<String> MENUS = Set.of("disk", "file", "system/identity", "system/resource");
    private static final Set<String> DISK_TYPES = Set.of(
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
    private static final Set<String> SET_KEYS = Set.of(
            "file-size",
            "nvme-tcp-export",
            "nvme-tcp-server-port",
            "nvme-tcp-server-nqn",
            "mount-filesystem",
            "nvme-tcp-server-allow-host-name",
            "comment");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})([KMGT])?");
    private static final long MAX_SIZE = 1L << 50;
    private static final String RAID_UUID = "f457bc79-7408-489b-8850-85923e900452";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final SimulatedRds rds;
    private final SimulatorKnobs knobs;

    CliInterpreter(SimulatedRds rds, SimulatorKnobs knobs) {
        this.rds = rds;
        this.knobs = knobs;
    }

    /** Runs every command on the line, stopping at the first error (as the console does). */
    Reply execute(String line, int width) {
        StringBuilder out = new StringBuilder();
        try {
            for (String command : splitCommands(line)) {
                if (!command.isBlank()) {
                    out.append(rds.locked(() -> runOne(command, width)).text());
                }
            }
            return Reply.ok(out.toString());
        } catch (CliFailure f) {
            return new Reply(out + f.getMessage() + "\n", true);
        } catch (CliError e) {
            return new Reply(out + e.getMessage() + "\n", true);
        }
    }

    /** Unchecked wrapper so commands can run inside {@link SimulatedRds#locked}. */
    private static final class CliFailure extends RuntimeException {
        CliFailure(String message) {
            super(message, null, false, false);
        }
    }

    private Reply runOne(String command, int width) {
        try {
            return dispatch(tokens(command), width);
        } catch (CliError e) {
            throw new CliFailure(e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------- lexing

    private static List<String> splitCommands(String line) throws CliError {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int depth = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                current.append(c);
                if (c == '\\' && i + 1 < line.length()) {
                    current.append(line.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if ((c == ';' || c == '\n' || c == '\r') && depth == 0) {
                commands.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (quoted || depth != 0) {
            throw new CliError("syntax error (line 1 column " + (line.length() + 1) + ")");
        }
        commands.add(current.toString());
        return commands;
    }

    private static List<Token> tokens(String command) throws CliError {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = command.length();
        while (i < n) {
            while (i < n && command.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            boolean quoted = false;
            int depth = 0;
            while (i < n) {
                char c = command.charAt(i);
                if (quoted) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == '[') {
                    depth++;
                } else if (c == ']') {
                    depth--;
                } else if (c == ' ' && depth == 0) {
                    break;
                }
                i++;
            }
            tokens.add(new Token(command.substring(start, Math.min(i, n)), start + 1));
        }
        return tokens;
    }

    /** Decodes a value: a quoted string with RouterOS escapes, or a plain word without special characters. */
    private static String value(String raw, int column) throws CliError {
        if (raw.startsWith("\"")) {
            if (raw.length() < 2 || !raw.endsWith("\"")) {
                throw syntax(column);
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < raw.length() - 1; i++) {
                char c = raw.charAt(i);
                if (c == '$') {
                    throw syntax(column + i);
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = raw.charAt(++i);
                switch (e) {
                    case '"', '\\', '$' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case '_' -> sb.append(' ');
                    default -> {
                        if (i + 1 < raw.length() - 1 && isHex(e) && isHex(raw.charAt(i + 1))) {
                            sb.append((char) Integer.parseInt(raw.substring(i, i + 2), 16));
                            i++;
                        } else {
                            throw syntax(column + i);
                        }
                    }
                }
            }
            return sb.toString();
        }
        for (int i = 0; i < raw.length(); i++) {
            if ("\"$[](){}'`\\=".indexOf(raw.charAt(i)) >= 0) {
                throw syntax(column + i);
            }
        }
        return raw;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    private static CliError syntax(int column) {
        return new CliError("syntax error (line 1 column " + column + ")");
    }

    private static Arg arg(Token t) throws CliError {
        String raw = t.raw();
        int eq = -1;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '=' || c == '~') {
                eq = i;
                break;
            }
            if (c == '"' || c == '[') {
                break;
            }
        }
        if (eq <= 0 || !KEY.matcher(raw.substring(0, eq)).matches()) {
            throw new CliError("expected end of command (line 1 column " + t.column() + ")");
        }
        String v = raw.substring(eq + 1);
        if (v.startsWith("[")) {
            throw new CliError("input does not match any value of " + raw.substring(0, eq));
        }
        return new Arg(raw.substring(0, eq), raw.charAt(eq), value(v, t.column() + eq + 1), t.column());
    }

    // ------------------------------------------------------------------------------------------ dispatch

    private Reply dispatch(List<Token> tokens, int width) throws CliError {
        Token first = tokens.get(0);
        if (!first.raw().startsWith("/")) {
            throw new CliError("bad command name " + first.raw() + " (line 1 column " + first.column() + ")");
        }
        List<String> parts = new ArrayList<>();
        for (String p : first.raw().substring(1).split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        int i = 1;
        while ((parts.isEmpty() || !VERBS.contains(parts.get(parts.size() - 1)))
                && i < tokens.size()
                && KEY.matcher(tokens.get(i).raw()).matches()) {
            parts.add(tokens.get(i++).raw());
        }
        if (parts.isEmpty() || !VERBS.contains(parts.get(parts.size() - 1))) {
            String word = parts.isEmpty() ? first.raw() : parts.get(parts.size() - 1);
            throw new CliError("bad command name " + word + " (line 1 column " + first.column() + ")");
        }
        String verb = parts.remove(parts.size() - 1);
        String menu = String.join("/", parts);
        if (!MENUS.contains(menu)) {
            throw new CliError("bad command name " + (parts.isEmpty() ? verb : parts.get(parts.size() - 1))
                    + " (line 1 column " + (first.column() + 1) + ")");
        }
        List<Token> rest = tokens.subList(i, tokens.size());
        if (menu.startsWith("system/") && !rest.isEmpty()) {
            throw new CliError(
                    "expected end of command (line 1 column " + rest.get(0).column() + ")");
        }
        return switch (menu + " " + verb) {
            case "system/identity print" -> Reply.ok(keyValues(Map.of("name", rds.identityUnlocked())));
            case "system/resource print" -> Reply.ok(resource());
            case "disk print" -> Reply.ok(printDisks(rest, width));
            case "disk add" -> addDisk(rest);
            case "disk set" -> setDisk(rest);
            case "disk remove" -> removeDisk(rest);
            case "file print" -> Reply.ok(printFiles(rest, width));
            case "file remove" -> removeFile(rest);
            default -> throw new CliError("bad command name " + verb + " (line 1 column " + first.column() + ")");
        };
    }

    // ------------------------------------------------------------------------------------------- system

    private static String keyValues(Map<String, String> values) {
        int w = values.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(" ".repeat(w - k.length()))
                .append(k)
                .append(": ")
                .append(v)
                .append('\n'));
        return sb.toString();
    }

    private String resource() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("uptime", "3d2h1m5s");
        v.put("version", rds.versionUnlocked());
        v.put("build-time", "2024-09-20 13:00:27");
        v.put("factory-software", "7.14");
        v.put("free-memory", "28.1GiB");
        v.put("total-memory", "32.0GiB");
        v.put("cpu", "ARM64");
        v.put("cpu-count", "16");
        v.put("cpu-load", "1%");
        v.put("architecture-name", "arm64");
        v.put("board-name", "RDS2216");
        v.put("platform", "MikroTik");
        return keyValues(v);
    }

    // --------------------------------------------------------------------------------------------- disk

    private record Row(int number, String slot, SimulatedDisk disk) {}

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(0, rds.mountPointUnlocked(), null));
        int n = 1;
        for (SimulatedDisk d : rds.disksUnlocked()) {
            rows.add(new Row(n++, d.slot(), d));
        }
        return rows;
    }

    private String property(Row row, String key) {
        SimulatedDisk d = row.disk();
        return switch (key) {
            case "slot" -> row.slot();
            case "type" -> d == null ? "raid" : "file";
            case "mount-point" -> d == null ? rds.mountPointUnlocked() : "";
            case "file-path" -> d == null ? "" : d.filePath();
            case "nvme-tcp-server-nqn" -> d == null ? "" : d.nqn();
            case "nvme-tcp-server-allow-host-name" -> d == null ? "" : d.allowHostName();
            case "comment" -> d == null ? "" : d.comment();
            default -> null;
        };
    }

    private List<Row> where(List<Row> rows, List<Token> conditions) throws CliError {
        List<Row> result = new ArrayList<>();
        List<Arg> args = new ArrayList<>();
        for (Token t : withoutAnd(conditions)) {
            args.add(arg(t));
        }
        for (Row row : rows) {
            boolean all = true;
            for (Arg a : args) {
                String actual = property(row, a.key());
                if (actual == null) {
                    throw new CliError("expected end of command (line 1 column " + a.column() + ")");
                }
                all &= matches(a, actual);
            }
            if (all) {
                result.add(row);
            }
        }
        return result;
    }

    private static boolean matches(Arg a, String actual) throws CliError {
        if (a.op() == '=') {
            return actual.equals(a.value());
        }
        try {
            return Pattern.compile(a.value()).matcher(actual).find();
        } catch (RuntimeException e) {
            throw new CliError("invalid regular expression (line 1 column " + a.column() + ")");
        }
    }

    /** {@code where a=1 and b~"x"}: {@code and} between conditions means the same as juxtaposing them. */
    private static List<Token> withoutAnd(List<Token> conditions) {
        return conditions.stream().filter(t -> !t.raw().equals("and")).toList();
    }

    private String printDisks(List<Token> args, int width) throws CliError {
        List<Token> rest = new ArrayList<>(args);
        if (!rest.isEmpty() && rest.get(0).raw().equals("detail")) {
            rest.remove(0);
        }
        List<Row> rows = rows();
        if (!rest.isEmpty()) {
            if (!rest.get(0).raw().equals("where")) {
                throw new CliError(
                        "expected end of command (line 1 column " + rest.get(0).column() + ")");
            }
            rows = where(rows, rest.subList(1, rest.size()));
        }
        List<DetailPrinter.Item> items = new ArrayList<>();
        for (Row row : rows) {
            items.add(
                    row.disk() == null
                            ? new DetailPrinter.Item(row.number(), "BM", raidTokens())
                            : new DetailPrinter.Item(
                                    row.number(),
                                    diskFlags(row.disk()),
                                    row.disk().comment(),
                                    fileDiskTokens(row.disk())));
        }
        return DetailPrinter.print(knobs.flagsHeader(), items, width);
    }

    static String diskFlags(SimulatedDisk d) {
        return "B" + (d.nvmeTcpExport() ? "t" : "");
    }

    /** Property order and quoting as in the hardware capture (docs/routeros.md §3.3). */
    static List<String> fileDiskTokens(SimulatedDisk d) {
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

    private List<String> raidTokens() {
        long total = rds.totalUnlocked();
        long free = rds.freeUnlocked();
        long use = total == 0 ? 0 : (total - free) * 100 / total;
        return List.of(
                "type=raid",
                "slot=" + DetailPrinter.quoted(rds.mountPointUnlocked()),
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

    private static boolean bool(Arg a) throws CliError {
        return switch (a.value()) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new CliError("input does not match any value of " + a.key());
        };
    }

    private static long size(Arg a) throws CliError {
        Matcher m = SIZE.matcher(a.value());
        if (!m.matches()) {
            throw new CliError("invalid value for argument " + a.key());
        }
        long n = Long.parseLong(m.group(1));
        int shift =
                switch (m.group(2) == null ? "" : m.group(2)) {
                    case "K" -> 10;
                    case "M" -> 20;
                    case "G" -> 30;
                    case "T" -> 40;
                    default -> 0;
                };
        if (n > (MAX_SIZE >> shift)) {
            throw new CliError("invalid value for argument " + a.key());
        }
        return n << shift;
    }

    private static int port(Arg a) throws CliError {
        try {
            int p = Integer.parseInt(a.value());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new CliError("invalid value for argument " + a.key());
    }

    private Reply addDisk(List<Token> tokens) throws CliError {
        Map<String, Arg> args = new LinkedHashMap<>();
        for (Token t : tokens) {
            Arg a = arg(t);
            if (!ADD_KEYS.contains(a.key()) || a.op() != '=') {
                throw new CliError("expected end of command (line 1 column " + t.column() + ")");
            }
            args.put(a.key(), a);
        }
        Arg type = args.get("type");
        if (type == null) {
            throw new CliError("failure: type not specified");
        }
        if (!DISK_TYPES.contains(type.value())) {
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
            throw new CliError("invalid value for argument file-path");
        }
        long bytes = size(args.get("file-size"));
        Map<String, SimulatedDisk> disks = rds.diskMap();
        String slot = args.containsKey("slot") ? args.get("slot").value() : "file" + (disks.size() + 1);
        if (slot.isEmpty()) {
            throw new CliError("invalid value for argument slot");
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
        boolean export = args.containsKey("nvme-tcp-export") && bool(args.get("nvme-tcp-export"));
        int port = args.containsKey("nvme-tcp-server-port") ? port(args.get("nvme-tcp-server-port")) : 4420;
        String nqn = args.containsKey("nvme-tcp-server-nqn")
                ? args.get("nvme-tcp-server-nqn").value()
                : "";
        boolean mount = !args.containsKey("mount-filesystem") || bool(args.get("mount-filesystem"));
        String comment = args.containsKey("comment") ? args.get("comment").value() : "";
        String allowHost = args.containsKey("nvme-tcp-server-allow-host-name")
                ? args.get("nvme-tcp-server-allow-host-name").value()
                : "";
        disks.put(slot, new SimulatedDisk(slot, path, bytes, export, port, nqn, mount, comment, allowHost));
        rds.fileMap().put(name, bytes);
        return Reply.ok("");
    }

    /** The items a {@code [find …]} expression or a bare name refers to. */
    private List<String> targets(Token target, boolean diskMenu) throws CliError {
        String raw = target.raw();
        if (raw.startsWith("[") && raw.endsWith("]")) {
            List<Token> inner = tokens(raw.substring(1, raw.length() - 1));
            if (inner.isEmpty() || !inner.get(0).raw().equals("find")) {
                throw new CliError("expected command name (line 1 column " + (target.column() + 1) + ")");
            }
            List<Token> conditions = inner.subList(1, inner.size());
            if (!conditions.isEmpty() && conditions.get(0).raw().equals("where")) {
                conditions = conditions.subList(1, conditions.size());
            }
            List<Token> shifted = new ArrayList<>();
            for (Token t : conditions) {
                shifted.add(new Token(t.raw(), target.column() + t.column()));
            }
            if (diskMenu) {
                return where(rows(), shifted).stream().map(Row::slot).toList();
            }
            return findFiles(shifted);
        }
        String name = value(raw, target.column());
        boolean exists =
                diskMenu ? rds.diskMap().containsKey(name) : rds.fileMap().containsKey(name);
        if (!exists) {
            throw new CliError("no such item");
        }
        return List.of(name);
    }

    private void requireFound(List<String> found) throws CliError {
        if (found.isEmpty() && knobs.emptyFindError() != null) {
            throw new CliError(knobs.emptyFindError());
        }
    }

    private Reply setDisk(List<Token> tokens) throws CliError {
        if (tokens.isEmpty()) {
            throw new CliError("failure: no item specified");
        }
        List<String> slots = targets(tokens.get(0), true);
        List<Arg> args = new ArrayList<>();
        for (Token t : tokens.subList(1, tokens.size())) {
            Arg a = arg(t);
            if (!SET_KEYS.contains(a.key()) || a.op() != '=') {
                throw new CliError("expected end of command (line 1 column " + t.column() + ")");
            }
            args.add(a);
        }
        requireFound(slots);
        for (String slot : slots) {
            SimulatedDisk d = rds.diskMap().get(slot);
            if (d == null) {
                throw new CliError("failure: cannot change " + slot);
            }
            for (Arg a : args) {
                d = switch (a.key()) {
                    case "file-size" -> resized(d, size(a));
                    case "nvme-tcp-export" -> d.withExport(bool(a));
                    case "nvme-tcp-server-port" -> d.withPort(port(a));
                    case "nvme-tcp-server-nqn" -> d.withNqn(a.value());
                    case "nvme-tcp-server-allow-host-name" -> d.withAllowHostName(a.value());
                    case "mount-filesystem" -> d.withMountFilesystem(bool(a));
                    case "comment" -> d.withComment(a.value());
                    default -> d;
                };
            }
            rds.diskMap().put(slot, d);
        }
        return Reply.ok("");
    }

    private SimulatedDisk resized(SimulatedDisk d, long bytes) throws CliError {
        long grow = bytes - d.fileSizeBytes();
        if (grow > 0 && (knobs.diskFull() || grow > rds.freeUnlocked())) {
            throw new CliError(knobs.notEnoughSpaceError());
        }
        rds.fileMap().put(d.filePath().substring(1), bytes);
        return d.withSize(bytes);
    }

    private Reply removeDisk(List<Token> tokens) throws CliError {
        if (tokens.size() != 1) {
            throw new CliError("expected end of command (line 1 column "
                    + (tokens.isEmpty() ? 13 : tokens.get(tokens.size() - 1).column()) + ")");
        }
        List<String> slots = targets(tokens.get(0), true);
        requireFound(slots);
        for (String slot : slots) {
            if (!rds.diskMap().containsKey(slot)) {
                throw new CliError("failure: cannot remove " + slot);
            }
        }
        // The backing file stays: "Removing the disk item does not delete the file" (docs/routeros.md §2.5).
        slots.forEach(rds.diskMap()::remove);
        return Reply.ok("");
    }

    // --------------------------------------------------------------------------------------------- file

    private List<String> findFiles(List<Token> conditions) throws CliError {
        List<String> names = new ArrayList<>();
        List<Arg> args = new ArrayList<>();
        for (Token t : withoutAnd(conditions)) {
            Arg a = arg(t);
            if (!a.key().equals("name")) {
                throw new CliError("expected end of command (line 1 column " + t.column() + ")");
            }
            args.add(a);
        }
        for (String name : fileNames()) {
            boolean all = true;
            for (Arg a : args) {
                all &= matches(a, name);
            }
            if (all) {
                names.add(name);
            }
        }
        return names;
    }

    /** Files plus the directories that contain them, directories first, like /file print. */
    private List<String> fileNames() {
        List<String> names = new ArrayList<>();
        for (String f : rds.fileMap().keySet()) {
            int slash = f.lastIndexOf('/');
            if (slash > 0 && !names.contains(f.substring(0, slash))) {
                names.add(f.substring(0, slash));
            }
        }
        names.addAll(rds.fileMap().keySet());
        return names;
    }

    private String printFiles(List<Token> args, int width) throws CliError {
        List<Token> rest = new ArrayList<>(args);
        if (!rest.isEmpty() && rest.get(0).raw().equals("detail")) {
            rest.remove(0);
        }
        List<String> names;
        if (rest.isEmpty()) {
            names = fileNames();
        } else if (rest.get(0).raw().equals("where")) {
            names = findFiles(rest.subList(1, rest.size()));
        } else {
            throw new CliError(
                    "expected end of command (line 1 column " + rest.get(0).column() + ")");
        }
        List<DetailPrinter.Item> items = new ArrayList<>();
        String now = LocalDateTime.now().withNano(0).format(TIME);
        int n = 0;
        for (String name : names) {
            Long size = rds.fileMap().get(name);
            List<String> tokens = size == null
                    ? List.of("name=" + name, "type=directory", "last-modified=" + now)
                    : List.of(
                            "name=" + name,
                            "type=" + fileType(name),
                            "size=" + DetailPrinter.human(size),
                            "last-modified=" + now);
            items.add(new DetailPrinter.Item(n++, "", tokens));
        }
        return DetailPrinter.print(null, items, width, 2);
    }

    private static String fileType(String name) {
        int dot = name.lastIndexOf('.');
        return dot > name.lastIndexOf('/') ? name.substring(dot) + " file" : "file";
    }

    private Reply removeFile(List<Token> tokens) throws CliError {
        if (tokens.size() != 1) {
            throw new CliError("expected end of command (line 1 column "
                    + (tokens.isEmpty() ? 14 : tokens.get(tokens.size() - 1).column()) + ")");
        }
        List<String> names = targets(tokens.get(0), false);
        requireFound(names);
        names.forEach(rds.fileMap()::remove);
        return Reply.ok("");
    }
}
