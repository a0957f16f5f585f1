package io.srvlab.rds.scale;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Counts the command lines the simulator receives while it listens, by their first two words ("5× /disk print"):
 * unlike the simulator's command log it has no size limit.
 */
final class CommandTally implements Consumer<String> {
    private final Map<String, LongAdder> kinds = new ConcurrentHashMap<>();

    @Override
    public void accept(String line) {
        String[] words = line.trim().split("\\s+", 3);
        String kind = words.length > 1 ? words[0] + " " + words[1] : words[0];
        kinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    String summary() {
        if (kinds.isEmpty()) {
            return "none";
        }
        return new TreeMap<>(kinds)
                .entrySet().stream()
                        .map(e -> e.getValue().sum() + "× " + e.getKey())
                        .collect(Collectors.joining(", "));
    }
}
