package io.srvlab.rds.routeros;

import io.srvlab.rds.routeros.RouterOsException.Kind;
import java.util.regex.Pattern;

/**
 * Allow-lists and quoting for every value that goes onto a RouterOS command line. Nothing reaches {@link
 * RouterOsCommands} without passing one of these checks; the patterns admit none of the characters RouterOS treats
 * specially ({@code ; [ ] ( ) { } $ " \ # = ?}, spaces, control characters).
 */
public final class RouterOsValues {
    private static final Pattern SLOT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");
    private static final Pattern SLOT_PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");
    /** Absolute; no segment starts with a dot (so no {@code .} or {@code ..}); no empty segment (no {@code //}). */
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}){1,16}");

    /** A Btrfs subvolume name: a relative path, segments as in {@link #ABSOLUTE_PATH}. */
    private static final Pattern SUBVOLUME =
            Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}){0,15}");
    /** The name {@code fs=} takes for a Btrfs filesystem. */
    private static final Pattern FILESYSTEM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private static final Pattern MOUNT_POINT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final Pattern NQN =
            Pattern.compile("nqn\\.[0-9]{4}-(0[1-9]|1[0-2])\\.[a-z0-9][a-z0-9.-]{0,150}:[a-z0-9][a-z0-9._-]{0,150}");
    private static final int NQN_MAX_BYTES = 223;
    /** Owner markers: words, {@code key=value} pairs and names; nothing RouterOS treats specially. */
    private static final Pattern COMMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ./:=_-]{0,511}");
    /** An initiator host name or host NQN. */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,222}");

    private static final int MAX_PATH_LENGTH = 255;

    private RouterOsValues() {}

    public static String slot(String slot) throws RouterOsException {
        return require(slot, SLOT, "slot", 63);
    }

    /** A slot prefix for an anchored {@code ~"^prefix"} match; slot characters contain no regex metacharacters. */
    public static String slotPrefix(String prefix) throws RouterOsException {
        return require(prefix, SLOT_PREFIX, "slot prefix", 63);
    }

    public static String absolutePath(String path) throws RouterOsException {
        return require(path, ABSOLUTE_PATH, "file path", MAX_PATH_LENGTH);
    }

    /** A mount point name as RouterOS prints it: no leading slash, one path segment (e.g. {@code storage-pool}). */
    public static String mountPoint(String mountPoint) throws RouterOsException {
        String m = mountPoint != null && mountPoint.startsWith("/") ? mountPoint.substring(1) : mountPoint;
        return require(m, MOUNT_POINT, "mount point", 128);
    }

    public static String subvolume(String name) throws RouterOsException {
        return require(name, SUBVOLUME, "subvolume name", MAX_PATH_LENGTH);
    }

    public static String filesystem(String name) throws RouterOsException {
        return require(name, FILESYSTEM, "Btrfs filesystem name", 63);
    }

    public static String nqn(String nqn) throws RouterOsException {
        return require(nqn, NQN, "NQN", NQN_MAX_BYTES);
    }

    public static String comment(String comment) throws RouterOsException {
        return require(comment, COMMENT, "comment", 512);
    }

    public static String hostName(String hostName) throws RouterOsException {
        return require(hostName, HOST_NAME, "allowed host name", 223);
    }

    public static int port(int port) throws RouterOsException {
        if (port < 1 || port > 65535) {
            throw invalid("port out of range 1..65535: " + port);
        }
        return port;
    }

    /**
     * Double-quotes a free-form value by RouterOS string rules: {@code \\ \" \$} are escaped; control characters,
     * {@code ?} (console help) and non-ASCII are refused rather than escaped.
     */
    public static String quote(String value) throws RouterOsException {
        if (value == null) {
            throw invalid("value is missing");
        }
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '?') {
                throw invalid("value contains a character RouterOS cannot take safely (code " + (int) c + ")");
            }
            if (c == '\\' || c == '"' || c == '$') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    private static String require(String value, Pattern pattern, String what, int maxLength) throws RouterOsException {
        if (value == null || value.isEmpty()) {
            throw invalid(what + " is missing");
        }
        if (value.length() > maxLength || !pattern.matcher(value).matches()) {
            throw invalid(what + " not allowed: " + shown(value));
        }
        return value;
    }

    /** A printable, bounded rendering of a refused value for error messages. */
    static String shown(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && i < 64; i++) {
            char c = value.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return "'" + sb + (value.length() > 64 ? "…" : "") + "'";
    }

    static RouterOsException invalid(String message) {
        return new RouterOsException(Kind.INVALID_VALUE, message);
    }
}
