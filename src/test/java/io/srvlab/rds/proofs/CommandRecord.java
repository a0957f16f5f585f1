package io.srvlab.rds.proofs;

import io.srvlab.rds.simulator.RouterOsSimulator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every command line one simulator receives while the record is open (not only the last 10 000 the simulator keeps),
 * with the look-ups of each slot counted: one {@code /disk print detail where slot=…} is one check of that disk.
 */
final class CommandRecord implements AutoCloseable {
    private static final Pattern LOOKUP = Pattern.compile("^/disk print detail where slot=\"?([^\" ]+)\"?$");

    private final Queue<String> lines = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> lookups = new ConcurrentHashMap<>();
    private final AutoCloseable listening;

    private CommandRecord(RouterOsSimulator simulator) {
        listening = simulator.listen(this::heard);
    }

    static CommandRecord of(RouterOsSimulator simulator) {
        return new CommandRecord(simulator);
    }

    private void heard(String line) {
        lines.add(line);
        Matcher lookup = LOOKUP.matcher(line);
        if (lookup.matches()) {
            lookups.computeIfAbsent(lookup.group(1), s -> new LongAdder()).increment();
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    long size() {
        return lines.size();
    }

    /** Look-ups of one slot so far. */
    long lookups(String slot) {
        LongAdder count = lookups.get(slot);
        return count == null ? 0 : count.sum();
    }

    /** Commands that change the RDS ({@code add}, {@code set}, {@code remove} on disks and files). */
    List<String> mutations() {
        return lines().stream().filter(CommandRecord::isMutation).toList();
    }

    /** Changing commands that name {@code slot} (as {@code slot=x} or {@code [find slot="x"]}). */
    List<String> mutationsOf(String slot) {
        Pattern names = Pattern.compile("slot=\"?" + Pattern.quote(slot) + "(\"|]| |$)");
        return mutations().stream().filter(l -> names.matcher(l).find()).toList();
    }

    static boolean isMutation(String line) {
        return line.matches("^/(disk|file) (add|set|remove)\\b.*");
    }

    @Override
    public void close() throws Exception {
        listening.close();
    }
}
