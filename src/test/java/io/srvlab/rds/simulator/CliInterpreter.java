package io.srvlab.rds.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A small RouterOS CLI: splits a command line into commands ({@link CliSyntax}), finds each one's menu and verb and
 * runs it against a {@link SimulatedRds} through {@link DiskMenu}, {@link SubvolumeMenu}, {@link FileMenu} or {@link
 * SystemMenu}, printing
 * in the real output format.
 */
final class CliInterpreter {
    /** Output of one command line; {@code error} marks RouterOS error text. */
    record Reply(String text, boolean error) {}

    /** Unchecked carrier of a {@link CliError} out of {@link SimulatedRds#locked}. */
    private static final class CliFailure extends RuntimeException {
        CliFailure(CliError cause) {
            super(cause.getMessage(), null, false, false);
        }
    }

    private static final Set<String> VERBS = Set.of("print", "add", "set", "remove", "find", "get", "export");
    private static final Set<String> MENUS =
            Set.of("disk", "disk/btrfs/subvolume", "file", "system/identity", "system/resource");

    private final SimulatedRds rds;
    private final DiskMenu disks;
    private final FileMenu files;
    private final SubvolumeMenu subvolumes;
    private final SystemMenu system;

    CliInterpreter(SimulatedRds rds, SimulatorKnobs knobs) {
        this.rds = rds;
        this.disks = new DiskMenu(rds, knobs);
        this.files = new FileMenu(rds, knobs);
        this.subvolumes = new SubvolumeMenu(rds, knobs);
        this.system = new SystemMenu(rds);
    }

    /** Runs every command on the line, stopping at the first error (as the console does). */
    Reply execute(String line, int width) {
        StringBuilder out = new StringBuilder();
        try {
            for (String command : CliSyntax.splitCommands(line)) {
                if (!command.isBlank()) {
                    out.append(rds.locked(() -> runOne(command, width)));
                }
            }
            return new Reply(out.toString(), false);
        } catch (CliFailure | CliError e) {
            return new Reply(out + e.getMessage() + "\n", true);
        }
    }

    private String runOne(String command, int width) {
        try {
            return dispatch(CliSyntax.tokens(command), width);
        } catch (CliError e) {
            throw new CliFailure(e);
        }
    }

    /** {@code /menu/verb args} or {@code /menu verb args}: the words up to the verb name the menu. */
    private String dispatch(List<Token> tokens, int width) throws CliError {
        Token first = tokens.get(0);
        if (!first.raw().startsWith("/")) {
            throw CliError.badCommandName(first.raw(), first.column());
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
                && Arg.KEY.matcher(tokens.get(i).raw()).matches()) {
            parts.add(tokens.get(i++).raw());
        }
        if (parts.isEmpty() || !VERBS.contains(parts.get(parts.size() - 1))) {
            String word = parts.isEmpty() ? first.raw() : parts.get(parts.size() - 1);
            throw CliError.badCommandName(word, first.column());
        }
        String verb = parts.remove(parts.size() - 1);
        String menu = String.join("/", parts);
        if (!MENUS.contains(menu)) {
            throw CliError.badCommandName(parts.isEmpty() ? verb : parts.get(parts.size() - 1), first.column() + 1);
        }
        List<Token> rest = tokens.subList(i, tokens.size());
        if (menu.startsWith("system/") && !rest.isEmpty()) {
            throw CliError.endOfCommandExpected(rest.get(0).column());
        }
        return switch (menu + " " + verb) {
            case "system/identity print" -> system.identity();
            case "system/resource print" -> system.resource();
            case "disk print" -> disks.print(rest, width);
            case "disk add" -> disks.add(rest);
            case "disk set" -> disks.set(rest);
            case "disk remove" -> disks.remove(rest);
            case "disk/btrfs/subvolume add" -> subvolumes.add(rest);
            case "disk/btrfs/subvolume print" -> subvolumes.print(rest, width);
            case "disk/btrfs/subvolume remove" -> subvolumes.remove(rest);
            case "file print" -> files.print(rest, width);
            case "file remove" -> files.remove(rest);
            default -> throw CliError.badCommandName(verb, first.column());
        };
    }
}
