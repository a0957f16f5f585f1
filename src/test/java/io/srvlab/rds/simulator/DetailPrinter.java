package io.srvlab.rds.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints {@code print detail} items the way the RouterOS console does: item number right-aligned, flag letters,
 * properties from a fixed column, wrapping at spaces to the console width, and a token that cannot fit on a whole
 * line split mid-token (docs/routeros.md §1.3, §3.2). Independent of the client's parser on purpose.
 */
public final class DetailPrinter {
    /** Width of the flags area; with a 2-digit number column it puts properties at column 15, as captured. */
    static final int FLAGS_WIDTH = 12;

    private DetailPrinter() {}

    /** One item: number, flag letters, comment (empty = none) and already formatted {@code key=value} tokens. */
    public record Item(int number, String flags, String comment, List<String> tokens) {
        public Item(int number, String flags, List<String> tokens) {
            this(number, flags, "", tokens);
        }
    }

    public static String print(String header, List<Item> items, int width) {
        return print(header, items, width, FLAGS_WIDTH);
    }

    /** {@code flagsWidth} 12 for /disk (properties at column 15), 2 for /file (column 5). */
    public static String print(String header, List<Item> items, int width, int flagsWidth) {
        StringBuilder out = new StringBuilder();
        if (header != null) {
            out.append(header).append('\n');
        }
        int numberWidth = 2;
        for (Item item : items) {
            numberWidth = Math.max(numberWidth, String.valueOf(item.number()).length());
        }
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append('\n');
            }
            Item item = items.get(i);
            String prefix =
                    pad(String.valueOf(item.number()), numberWidth, true) + " " + pad(item.flags(), flagsWidth, false);
            if (!item.comment().isEmpty()) {
                // The comment line is printed whole, never wrapped: no capture shows how a long comment wraps.
                out.append(prefix).append(";;; ").append(item.comment()).append('\n');
                prefix = " ".repeat(prefix.length());
            }
            for (String line : wrap(prefix, item.tokens(), width)) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** Word-wraps {@code tokens} after {@code prefix}; continuation lines are indented to the prefix width. */
    public static List<String> wrap(String prefix, List<String> tokens, int width) {
        int indent = prefix.length();
        int room = Math.max(1, width - indent);
        List<String> words = new ArrayList<>();
        for (String token : tokens) {
            for (String w : token.split(" ")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
        }
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(prefix);
        int used = 0;
        for (String word : words) {
            if (used > 0 && used + 1 + word.length() <= room) {
                line.append(' ').append(word);
                used += 1 + word.length();
                continue;
            }
            if (used > 0) {
                lines.add(line.toString());
                line = new StringBuilder(" ".repeat(indent));
                used = 0;
            }
            String rest = word;
            while (rest.length() > room) {
                lines.add(line.append(rest, 0, room).toString());
                line = new StringBuilder(" ".repeat(indent));
                rest = rest.substring(room);
            }
            line.append(rest);
            used = rest.length();
        }
        lines.add(line.toString());
        return lines;
    }

    /** {@code 53687091200} → {@code 53 687 091 200}. */
    public static String grouped(long n) {
        String s = Long.toString(n);
        StringBuilder sb = new StringBuilder();
        int first = s.length() % 3 == 0 ? 3 : s.length() % 3;
        sb.append(s, 0, first);
        for (int i = first; i < s.length(); i += 3) {
            sb.append(' ').append(s, i, i + 3);
        }
        return sb.toString();
    }

    /**
     * Human size with one decimal and binary units. The unit steps up only at 2048 of the smaller unit: hardware
     * and vendor captures show {@code 1024.0MiB} for 1 GiB and {@code 1924.1KiB}, but {@code 10.0GiB} and
     * {@code 11.1MiB} (docs/routeros.md §3.4; the threshold is inferred).
     */
    public static String human(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        long unit = 1;
        String name = null;
        for (String u : units) {
            if (bytes >= 2 * unit * 1024) {
                unit *= 1024;
                name = u;
            }
        }
        if (name == null) {
            return Long.toString(bytes);
        }
        return String.format(java.util.Locale.ROOT, "%.1f%s", bytes / (double) unit, name);
    }

    /** A RouterOS double-quoted string as print shows it. */
    public static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"', '\\', '$' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static String pad(String s, int width, boolean left) {
        if (s.length() >= width) {
            return s;
        }
        String spaces = " ".repeat(width - s.length());
        return left ? spaces + s : s + spaces;
    }
}
