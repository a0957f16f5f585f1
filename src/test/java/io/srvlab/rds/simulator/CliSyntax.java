package io.srvlab.rds.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * RouterOS console quoting: {@code ;} and newlines separate commands, {@code "…"} strings with escapes, {@code [find
 * …]} brackets kept in one word.
 */
final class CliSyntax {
    private CliSyntax() {}

    static List<String> splitCommands(String line) throws CliError {
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
            throw CliError.syntax(line.length() + 1);
        }
        commands.add(current.toString());
        return commands;
    }

    static List<Token> tokens(String command) {
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
    static String value(String raw, int column) throws CliError {
        if (raw.startsWith("\"")) {
            return unquote(raw, column);
        }
        for (int i = 0; i < raw.length(); i++) {
            if ("\"$[](){}'`\\=".indexOf(raw.charAt(i)) >= 0) {
                throw CliError.syntax(column + i);
            }
        }
        return raw;
    }

    private static String unquote(String raw, int column) throws CliError {
        if (raw.length() < 2 || !raw.endsWith("\"")) {
            throw CliError.syntax(column);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < raw.length() - 1; i++) {
            char c = raw.charAt(i);
            if (c == '$') {
                throw CliError.syntax(column + i);
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
                        throw CliError.syntax(column + i);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }
}
