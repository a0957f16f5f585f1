package io.srvlab.rds.simulator;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** {@code /file print [detail] [where name…]} and {@code /file remove}. */
final class FileMenu {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final SimulatedRds rds;
    private final SimulatorKnobs knobs;

    FileMenu(SimulatedRds rds, SimulatorKnobs knobs) {
        this.rds = rds;
        this.knobs = knobs;
    }

    String print(List<Token> args, int width) throws CliError {
        List<Token> rest = new ArrayList<>(args);
        if (!rest.isEmpty() && rest.get(0).raw().equals("detail")) {
            rest.remove(0);
        }
        List<String> names;
        if (rest.isEmpty()) {
            names = names();
        } else if (rest.get(0).raw().equals("where")) {
            names = find(rest.subList(1, rest.size()));
        } else {
            throw CliError.endOfCommandExpected(rest.get(0).column());
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
                            "type=" + type(name),
                            "size=" + DetailPrinter.human(size),
                            "last-modified=" + now);
            items.add(new DetailPrinter.Item(n++, "", tokens));
        }
        return DetailPrinter.print(null, items, width, 2);
    }

    String remove(List<Token> tokens) throws CliError {
        if (tokens.size() != 1) {
            throw CliError.endOfCommandExpected(
                    tokens.isEmpty() ? 14 : tokens.get(tokens.size() - 1).column());
        }
        List<String> names = Where.targets(tokens.get(0), this::find, rds.fileMap()::containsKey);
        Where.requireFound(names, knobs);
        for (String name : names) {
            rds.fileMap().remove(name);
            rds.contentMap().remove(name);
            rds.sharedFileSet().remove(name);
        }
        return "";
    }

    private List<String> find(List<Token> conditions) throws CliError {
        return Where.select(names(), Where.conditions(conditions, "name"::equals), (name, key) -> name);
    }

    /** Files plus the directories that contain them (subvolumes too), directories first, like /file print. */
    private List<String> names() {
        List<String> names = new ArrayList<>();
        for (String subvolume : rds.subvolumeMap().keySet()) {
            names.add(rds.mountPointUnlocked() + "/" + subvolume);
        }
        for (String f : rds.fileMap().keySet()) {
            int slash = f.lastIndexOf('/');
            if (slash > 0 && !names.contains(f.substring(0, slash))) {
                names.add(f.substring(0, slash));
            }
        }
        names.addAll(rds.fileMap().keySet());
        return names;
    }

    private static String type(String name) {
        int dot = name.lastIndexOf('.');
        return dot > name.lastIndexOf('/') ? name.substring(dot) + " file" : "file";
    }
}
