package io.srvlab.rds.simulator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code key=value} or {@code key~regex} with the value decoded. */
record Arg(String key, char op, String value, int column) {
    static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})([KMGT])?");
    private static final long MAX_SIZE = 1L << 50;

    static Arg of(Token t) throws CliError {
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
            throw CliError.endOfCommandExpected(t.column());
        }
        String v = raw.substring(eq + 1);
        if (v.startsWith("[")) {
            throw new CliError("input does not match any value of " + raw.substring(0, eq));
        }
        return new Arg(raw.substring(0, eq), raw.charAt(eq), CliSyntax.value(v, t.column() + eq + 1), t.column());
    }

    boolean bool() throws CliError {
        return switch (value) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new CliError("input does not match any value of " + key);
        };
    }

    /** Bytes of {@code 10G}, {@code 512M}, {@code 1048576}. */
    long size() throws CliError {
        Matcher m = SIZE.matcher(value);
        if (!m.matches()) {
            throw CliError.invalidValue(key);
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
            throw CliError.invalidValue(key);
        }
        return n << shift;
    }

    int port() throws CliError {
        try {
            int p = Integer.parseInt(value);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below like any other bad value
        }
        throw CliError.invalidValue(key);
    }
}
