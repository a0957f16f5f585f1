package io.srvlab.rds.operator.rdsvolume;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent reading of a RouterOS command line, written from the RouterOS scripting rules rather than from
 * {@code RouterOsValues}: outside double quotes only {@code [A-Za-z0-9._/:=~^-]}, single spaces and a {@code [find }
 * … {@code ]} block; inside quotes only printable ASCII other than {@code ?}, with every {@code " $ \} escaped.
 *
 * @param words the space-separated words outside quotes, quoted parts replaced by their unquoted value
 * @param quoted every quoted value, unquoted, in order
 */
record RouterOsLine(List<String> words, List<String> quoted) {
    private static final String BARE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/:=~^-";

    /** Parses {@code line} or throws {@link IllegalArgumentException} naming the first unsafe character. */
    static RouterOsLine parse(String line) {
        List<String> words = new ArrayList<>();
        List<String> quoted = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inFind = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                StringBuilder value = new StringBuilder();
                i = unquote(line, i + 1, value);
                quoted.add(value.toString());
                word.append(value);
                continue;
            }
            if (c == ' ') {
                if (word.isEmpty()) {
                    throw unsafe(line, i, "empty word");
                }
                words.add(word.toString());
                word.setLength(0);
            } else if (c == '[' && !inFind && word.isEmpty() && line.startsWith("[find ", i)) {
                inFind = true;
                word.append(c);
            } else if (c == ']' && inFind) {
                inFind = false;
                word.append(c);
            } else if (BARE.indexOf(c) >= 0) {
                word.append(c);
            } else {
                throw unsafe(line, i, "bare special character");
            }
            i++;
        }
        if (inFind) {
            throw unsafe(line, i, "unclosed [find");
        }
        if (word.isEmpty()) {
            throw unsafe(line, i, "trailing space");
        }
        words.add(word.toString());
        return new RouterOsLine(List.copyOf(words), List.copyOf(quoted));
    }

    /** Reads a quoted value starting after the opening quote; returns the index after the closing quote. */
    private static int unquote(String line, int start, StringBuilder value) {
        int i = start;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= line.length() || "\"$\\".indexOf(line.charAt(i + 1)) < 0) {
                    throw unsafe(line, i, "escape other than \\\" \\$ \\\\");
                }
                value.append(line.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '$' || c < 0x20 || c >= 0x7f || c == '?') {
                throw unsafe(line, i, "unescaped or unprintable character in quotes");
            }
            value.append(c);
            i++;
        }
        throw unsafe(line, i, "unterminated quote");
    }

    /** The argument names ({@code key} of each {@code key=value} word). */
    List<String> argumentNames() {
        return words.stream()
                .filter(w -> w.indexOf('=') > 0 && !w.startsWith("["))
                .map(w -> w.substring(0, w.indexOf('=')))
                .toList();
    }

    private static IllegalArgumentException unsafe(String line, int index, String why) {
        return new IllegalArgumentException(why + " at " + index + " in " + line);
    }
}
