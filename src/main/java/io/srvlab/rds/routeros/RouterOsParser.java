package io.srvlab.rds.routeros;

import io.srvlab.rds.routeros.RouterOsException.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses RouterOS CLI output (print detail, {@code key: value} prints, errors) into typed values. Tolerates what
 * hardware prints: CRLF, a {@code Flags:} header, item numbers and flag letters, console wrapping (also mid-token),
 * numbers with space thousands separators, interleaved console log lines.
 */
public final class RouterOsParser {
    private static final Pattern KEY_AT_START = Pattern.compile("^[a-z][a-z0-9-]*=");
    private static final Pattern KEY_LIKE = Pattern.compile("[a-z][a-z0-9-]*(=.*)?");
    private static final Pattern NEXT_KEY = Pattern.compile(" +[a-z][a-z0-9-]*=");
    /** Item number, optional flag letters (single or grouped, space separated), then a property or comment. */
    private static final Pattern ITEM_LINE = Pattern.compile("^( *)(\\d+) +((?:[A-Za-z]+ +)*)(?=[a-z][a-z0-9-]*=|;;;)");

    private static final Pattern LOG_LINE =
            Pattern.compile("^(\\d{4}-\\d{2}-\\d{2} |[a-z]{3}/\\d{2}/\\d{4} )?\\d{2}:\\d{2}:\\d{2} [a-z0-9,]+: .*$");
    private static final Pattern FLAG_LEGEND = Pattern.compile("^ *([A-Za-z](, [A-Za-z])* - [A-Za-z-]+[;,]? *)+$");
    private static final Pattern GROUPED_NUMBER = Pattern.compile("\\d{1,3}( \\d{3})*");
    private static final Pattern NUMBER = Pattern.compile("\\d+( \\d+)*");
    private static final Pattern HUMAN_SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)(B|KiB|MiB|GiB|TiB|PiB)?");

    private RouterOsParser() {}

    // ------------------------------------------------------------------------------------------------ errors

    private record ErrorShape(Pattern pattern, Kind kind) {}

    private static final List<ErrorShape> ERRORS = List.of(
            new ErrorShape(Pattern.compile("^bad command name .*"), Kind.SYNTAX),
            new ErrorShape(Pattern.compile("^syntax error\\b.*"), Kind.SYNTAX),
            new ErrorShape(Pattern.compile("^expected (end of command|command name)\\b.*"), Kind.SYNTAX),
            new ErrorShape(Pattern.compile("^(failure: )?no such (item|command|directory)\\b.*"), Kind.NOT_FOUND),
            new ErrorShape(Pattern.compile("^(failure: )?not enough (space|disk space)\\b.*"), Kind.NOT_ENOUGH_SPACE),
            new ErrorShape(Pattern.compile("^(failure: )?already have\\b.*"), Kind.SLOT_CONFLICT),
            new ErrorShape(Pattern.compile("^(failure: .*\\b|[a-z ]*)already exists\\b.*"), Kind.SLOT_CONFLICT),
            new ErrorShape(Pattern.compile("^input does not match any value of\\b.*"), Kind.INVALID_VALUE),
            new ErrorShape(Pattern.compile("^(failure: )?invalid value\\b.*"), Kind.INVALID_VALUE),
            new ErrorShape(Pattern.compile("^(failure: )?invalid parameter\\b.*"), Kind.INVALID_VALUE),
            new ErrorShape(
                    Pattern.compile("^(failure: )?value of \\S+ (out of range|must be)\\b.*"), Kind.INVALID_VALUE),
            new ErrorShape(Pattern.compile("^compression only available\\b.*"), Kind.INVALID_VALUE),
            new ErrorShape(Pattern.compile("^too much memory requested\\b.*"), Kind.INVALID_VALUE),
            new ErrorShape(
                    Pattern.compile(
                            "^(failure: .*\\b(busy|in progress|try again later)\\b.*|(device |resource |disk )?(is )?busy\\b.*|interrupted\\b.*)"),
                    Kind.BUSY),
            new ErrorShape(Pattern.compile("^(failure: )?not enough permissions\\b.*"), Kind.FAILURE),
            new ErrorShape(Pattern.compile("^failure: .*"), Kind.FAILURE));

    /**
     * Finds RouterOS error text on either stream. RouterOS prints errors on stdout as well as stderr, with exit
     * status 0 or not (docs/routeros.md §1.5), so both streams are searched and a non-zero status without recognised text
     * is a {@link Kind#FAILURE} too.
     */
    public static Optional<RouterOsException> error(CommandOutput output) {
        for (String stream : new String[] {output.stderr(), output.stdout()}) {
            for (String raw : lines(stream)) {
                String line = stripScriptPrefix(raw.strip());
                for (ErrorShape shape : ERRORS) {
                    if (shape.pattern.matcher(line).matches()) {
                        return Optional.of(new RouterOsException(shape.kind, line));
                    }
                }
            }
        }
        Integer exit = output.exitStatus();
        if (exit != null && exit != 0) {
            String text = (output.stderr() + " " + output.stdout()).strip();
            return Optional.of(new RouterOsException(
                    Kind.FAILURE,
                    "exit status " + exit + (text.isEmpty() ? "" : ": " + abbreviate(text.replaceAll("\\s+", " ")))));
        }
        return Optional.empty();
    }

    /** Returns stdout when the output carries no error; throws the classified error otherwise. */
    public static String requireSuccess(CommandOutput output) throws RouterOsException {
        Optional<RouterOsException> e = error(output);
        if (e.isPresent()) {
            throw e.get();
        }
        return output.stdout() == null ? "" : output.stdout();
    }

    /** Also unwraps the {@code =message=} word of an API {@code !trap} sentence. */
    private static String stripScriptPrefix(String line) {
        String l = line.startsWith("=message=") ? line.substring("=message=".length()) : line;
        if (l.startsWith("Failure - ")) {
            l = l.substring("Failure - ".length());
        }
        if (l.startsWith("Script Error: ")) {
            l = l.substring("Script Error: ".length());
        }
        return l;
    }

    // ------------------------------------------------------------------------------------------ print detail

    private static final class ItemBuilder {
        final int number;
        final String flags;
        final int propertyColumn;
        final int maxLength;
        String comment = "";
        final StringBuilder text = new StringBuilder();
        String lastContent = "";
        int lastLength;

        ItemBuilder(int number, String flags, int propertyColumn, int maxLength) {
            this.maxLength = maxLength;
            this.number = number;
            this.flags = flags;
            this.propertyColumn = propertyColumn;
        }

        /** {@code line} is the whole physical line (with indentation), {@code content} the part to add. */
        void append(String line, String content) {
            if (content.isEmpty()) {
                return;
            }
            if (!text.isEmpty() && joinsWithSpace(text, lastContent, lastLength, content, maxLength)) {
                text.append(' ');
            }
            text.append(content);
            lastContent = content;
            lastLength = line.length();
        }
    }

    /** Parses {@code print detail} output into items. Header, log and blank lines are skipped. */
    public static List<PrintItem> parsePrintDetail(String output) throws RouterOsException {
        int maxLength = 0;
        for (String raw : lines(output)) {
            String line = stripTrailing(raw);
            if (!LOG_LINE.matcher(line).matches() && !line.startsWith("Flags:") && !isCommentLine(line)) {
                maxLength = Math.max(maxLength, line.length());
            }
        }
        List<ItemBuilder> items = new ArrayList<>();
        ItemBuilder current = null;
        boolean inHeader = false;
        for (String raw : lines(output)) {
            String line = stripTrailing(raw);
            if (line.isBlank()) {
                current = null;
                inHeader = false;
                continue;
            }
            if (LOG_LINE.matcher(line).matches()) {
                continue;
            }
            if (line.startsWith("Flags:") || line.startsWith("Columns:")) {
                inHeader = true;
                continue;
            }
            if (inHeader && current == null && FLAG_LEGEND.matcher(line).matches()) {
                continue;
            }
            inHeader = false;
            int indent = indentOf(line);
            Matcher m = ITEM_LINE.matcher(line);
            if (m.find() && (current == null || indent < current.propertyColumn)) {
                current =
                        new ItemBuilder(Integer.parseInt(m.group(2)), m.group(3).replace(" ", ""), m.end(), maxLength);
                items.add(current);
                startContent(current, line, line.substring(m.end()));
                continue;
            }
            if (current == null) {
                current = new ItemBuilder(-1, "", indent, maxLength);
                items.add(current);
                startContent(current, line, line.strip());
                continue;
            }
            current.append(line, line.strip());
        }
        List<PrintItem> result = new ArrayList<>(items.size());
        for (ItemBuilder b : items) {
            result.add(new PrintItem(b.number, b.flags, b.comment, properties(b.text.toString())));
        }
        return result;
    }

    /** A {@code ;;;} comment line is not wrapped by the console, so it says nothing about the width. */
    private static boolean isCommentLine(String line) {
        Matcher m = ITEM_LINE.matcher(line);
        return m.find() && line.startsWith(";;;", m.end());
    }

    private static void startContent(ItemBuilder item, String line, String content) {
        if (content.startsWith(";;;")) {
            item.comment = content.substring(3).strip();
        } else {
            item.append(line, content);
        }
    }

    /**
     * Whether a continuation line was wrapped at a space (join with one) or split mid-token (join without). The
     * console wraps at spaces and splits only a token too long for a whole line: the split leaves a fragment alone
     * on a full-width line ({@code maxLength} is the longest line of the output, a lower bound of the width).
     */
    static boolean joinsWithSpace(
            CharSequence soFar, String previousContent, int previousLength, String continuation, int maxLength) {
        Boolean numeric = numericJoin(soFar, continuation);
        if (numeric != null) {
            return numeric;
        }
        if (previousContent.indexOf(' ') >= 0) {
            return true;
        }
        if (insideQuotes(soFar)) {
            return false;
        }
        if (soFar.length() > 0 && soFar.charAt(soFar.length() - 1) == '"') {
            return true;
        }
        if (lastToken(soFar).indexOf('=') < 0) {
            return false; // a key split before its '='
        }
        String content = continuation.strip();
        int space = content.indexOf(' ');
        String firstWord = space < 0 ? content : content.substring(0, space);
        if (!KEY_LIKE.matcher(firstWord).matches()) {
            return false; // the rest of an unquoted value (path, number)
        }
        if (firstWord.indexOf('=') >= 0) {
            return true;
        }
        String token = lastToken(soFar);
        if (token.substring(token.indexOf('=') + 1).chars().allMatch(Character::isDigit)) {
            return true; // a number is not continued by letters
        }
        // a bare word: the start of a split key if the previous line was not a full-width split
        return previousLength < maxLength;
    }

    private static String lastToken(CharSequence soFar) {
        String s = soFar.toString();
        return s.substring(s.lastIndexOf(' ') + 1);
    }

    /** Joins a number split across lines so that its thousands groups stay valid; null when it does not apply. */
    private static Boolean numericJoin(CharSequence soFar, String continuation) {
        if (continuation.isEmpty() || !Character.isDigit(continuation.charAt(0))) {
            return null;
        }
        String s = soFar.toString();
        int eq = s.lastIndexOf('=');
        if (eq < 0 || insideQuotes(s)) {
            return null;
        }
        String tail = s.substring(eq + 1);
        if (!NUMBER.matcher(tail).matches()) {
            return null;
        }
        Matcher head = Pattern.compile("^\\d+( \\d+)*").matcher(continuation);
        if (!head.find()) {
            return null;
        }
        String h = head.group();
        boolean spaced = GROUPED_NUMBER.matcher(tail + " " + h).matches();
        boolean joined = GROUPED_NUMBER.matcher(tail + h).matches();
        if (spaced == joined) {
            return null;
        }
        return spaced;
    }

    private static boolean insideQuotes(CharSequence s) {
        boolean inside = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inside && c == '\\') {
                i++;
            } else if (c == '"') {
                inside = !inside;
            }
        }
        return inside;
    }

    /** Splits {@code key=value key="quoted value" type=.img file} into an ordered map. */
    static Map<String, String> properties(String text) throws RouterOsException {
        Map<String, String> props = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            Matcher key = KEY_AT_START.matcher(text).region(i, n);
            if (!key.lookingAt()) {
                throw new RouterOsException(
                        Kind.UNPARSEABLE, "expected key=value at: " + abbreviate(text.substring(i)));
            }
            String name = text.substring(i, key.end() - 1);
            i = key.end();
            String value;
            if (i < n && text.charAt(i) == '"') {
                StringBuilder v = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i++);
                    if (c == '"') {
                        closed = true;
                        break;
                    }
                    if (c == '\\' && i < n) {
                        v.append(unescape(text, i));
                        i += escapeLength(text, i);
                    } else {
                        v.append(c);
                    }
                }
                if (!closed) {
                    throw new RouterOsException(Kind.UNPARSEABLE, "unterminated quoted value for " + name);
                }
                value = v.toString();
            } else {
                Matcher next = NEXT_KEY.matcher(text).region(i, n);
                int end = next.find() ? next.start() : n;
                value = text.substring(i, end).strip();
                i = end;
            }
            props.put(name, value);
        }
        return props;
    }

    private static int escapeLength(String s, int i) {
        char c = s.charAt(i);
        if (isHex(c) && i + 1 < s.length() && isHex(s.charAt(i + 1)) && !isEscapeLetter(c)) {
            return 2;
        }
        return 1;
    }

    private static String unescape(String s, int i) {
        char c = s.charAt(i);
        if (escapeLength(s, i) == 2) {
            return String.valueOf((char) Integer.parseInt(s.substring(i, i + 2), 16));
        }
        return switch (c) {
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            case '_' -> " ";
            case 'a' -> "\u0007";
            case 'b' -> "\b";
            case 'f' -> "\f";
            case 'v' -> "\u000b";
            default -> String.valueOf(c);
        };
    }

    private static boolean isEscapeLetter(char c) {
        return c == 'a' || c == 'b' || c == 'f';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    // ------------------------------------------------------------------------------------------ typed values

    /** Maps a /disk item; the size is the exact {@code size=}, falling back to the lossy {@code file-size=}. */
    public static DiskInfo disk(PrintItem item) throws RouterOsException {
        String slot = item.get("slot");
        if (slot == null) {
            throw new RouterOsException(Kind.UNPARSEABLE, "disk item without slot: " + item.properties());
        }
        long size;
        if (item.get("size") != null) {
            size = number(item.get("size"));
        } else if (item.get("file-size") != null) {
            size = humanSize(item.get("file-size"));
        } else {
            size = 0;
        }
        String port = item.get("nvme-tcp-server-port");
        return new DiskInfo(
                slot,
                item.properties().getOrDefault("type", ""),
                item.properties().getOrDefault("file-path", ""),
                size,
                "yes".equals(item.get("nvme-tcp-export")),
                port == null || port.isEmpty() ? 0 : (int) number(port),
                item.properties().getOrDefault("nvme-tcp-server-nqn", ""),
                item.flags(),
                item.comment(),
                item.properties());
    }

    public static List<DiskInfo> disks(String output) throws RouterOsException {
        List<DiskInfo> disks = new ArrayList<>();
        for (PrintItem item : parsePrintDetail(output)) {
            disks.add(disk(item));
        }
        return disks;
    }

    /** Parses {@code 53 687 091 200} (space thousands separators) or {@code 4420}. */
    public static long number(String text) throws RouterOsException {
        String t = text == null ? "" : text.strip();
        if (!NUMBER.matcher(t).matches()) {
            throw new RouterOsException(Kind.UNPARSEABLE, "not a number: " + abbreviate(t));
        }
        try {
            return Long.parseLong(t.replace(" ", ""));
        } catch (NumberFormatException e) {
            throw new RouterOsException(Kind.UNPARSEABLE, "number out of range: " + abbreviate(t), e);
        }
    }

    /** Lossy human size ({@code 50.0GiB}, {@code 1024.0MiB}, {@code 0}); binary units. */
    public static long humanSize(String text) throws RouterOsException {
        Matcher m = HUMAN_SIZE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new RouterOsException(Kind.UNPARSEABLE, "not a size: " + abbreviate(String.valueOf(text)));
        }
        double v = Double.parseDouble(m.group(1));
        int power =
                switch (m.group(2) == null ? "B" : m.group(2)) {
                    case "KiB" -> 1;
                    case "MiB" -> 2;
                    case "GiB" -> 3;
                    case "TiB" -> 4;
                    case "PiB" -> 5;
                    default -> 0;
                };
        return Math.round(v * Math.pow(1024, power));
    }

    /** Parses {@code key: value} prints ({@code /system identity print}, {@code /system resource print}). */
    public static Map<String, String> parseKeyValues(String output) {
        Map<String, String> values = new LinkedHashMap<>();
        Pattern kv = Pattern.compile("^ *([a-z][a-z0-9-]*): ?(.*)$");
        for (String raw : lines(output)) {
            String line = stripTrailing(raw);
            if (LOG_LINE.matcher(line).matches()) {
                continue;
            }
            Matcher m = kv.matcher(line);
            if (m.matches()) {
                values.put(m.group(1), m.group(2).strip());
            }
        }
        return values;
    }

    public static Capacity capacity(String mountPoint, String output) throws RouterOsException {
        List<PrintItem> items = parsePrintDetail(output);
        if (items.isEmpty()) {
            throw new RouterOsException(Kind.NOT_FOUND, "no disk is mounted at " + mountPoint);
        }
        PrintItem item = items.get(0);
        if (item.get("size") == null || item.get("free") == null) {
            throw new RouterOsException(Kind.UNPARSEABLE, "mount point item without size/free: " + item.properties());
        }
        return new Capacity(mountPoint, number(item.get("size")), number(item.get("free")));
    }

    // -------------------------------------------------------------------------------------------- helpers

    static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return List.of(text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
    }

    private static String stripTrailing(String s) {
        return s.replace('\t', ' ').stripTrailing();
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
