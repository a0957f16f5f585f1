package io.srvlab.rds.scale;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** "2× /disk print, 2× /file print": command lines counted by their first two words (one if the second is quoted). */
final class CommandKinds {
    private CommandKinds() {}

    static String summarize(List<String> lines) {
        Map<String, Long> kinds = new TreeMap<>();
        for (String line : lines) {
            String[] words = line.trim().split("\\s+", 3);
            // a quoted second word names one object (parent="…"): it is no kind of its own
            boolean plain = words.length > 1 && !words[1].contains("\"");
            kinds.merge(plain ? words[0] + " " + words[1] : words[0], 1L, Long::sum);
        }
        return kinds.isEmpty()
                ? "none"
                : kinds.entrySet().stream()
                        .map(e -> e.getValue() + "× " + e.getKey())
                        .collect(Collectors.joining(", "));
    }
}
