package io.srvlab.rds.volume;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who owns a disk on the RDS, written as the disk's {@code comment} when the operator creates or adopts it. The UID
 * decides; namespace, name and pool config are there for a person reading {@code /disk print}, and are left out when
 * they would make the comment longer than {@link #MAX_LENGTH} (they may then read back empty).
 */
public record OwnerMarker(String volumeUid, String namespace, String name, String poolConfig, boolean adopted) {
    private static final String TAG = "rds-operator";
    private static final Pattern UID = Pattern.compile("[0-9a-f][0-9a-f-]{0,63}");
    private static final Pattern NAME = Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?)?");
    /** Keeps the {@code ;;;} line of a print within the operator's 512-column console. */
    static final int MAX_LENGTH = 400;

    public OwnerMarker {
        if (!UID.matcher(volumeUid).matches()) {
            throw new IllegalArgumentException("not a Kubernetes UID: " + volumeUid);
        }
        for (String part : new String[] {namespace, name, poolConfig}) {
            if (!NAME.matcher(part).matches()) {
                throw new IllegalArgumentException("not a Kubernetes name: " + part);
            }
        }
    }

    /** The marker of a disk the operator creates. */
    public OwnerMarker(String volumeUid, String namespace, String name, String poolConfig) {
        this(volumeUid, namespace, name, poolConfig, false);
    }

    /** The same owner, for a disk that existed before and was taken over: kept on deletion unless asked otherwise. */
    public OwnerMarker asAdopted() {
        return new OwnerMarker(volumeUid, namespace, name, poolConfig, true);
    }

    /**
     * The comment text, e.g. {@code rds-operator owner=<uid> volume=apps/data pool=rds-main}; an adopted disk says so
     * right after the owner, so that it is never cut off.
     */
    public String text() {
        StringBuilder text = new StringBuilder(TAG).append(" owner=").append(volumeUid);
        if (adopted) {
            text.append(" adopted=yes");
        }
        String volume = " volume=" + namespace + "/" + name;
        String pool = " pool=" + poolConfig;
        if (!name.isEmpty() && text.length() + volume.length() <= MAX_LENGTH) {
            text.append(volume);
        }
        if (!poolConfig.isEmpty() && text.length() + pool.length() <= MAX_LENGTH) {
            text.append(pool);
        }
        return text.toString();
    }

    /** The marker in a disk comment; empty when the comment is not one this operator wrote. */
    public static Optional<OwnerMarker> parse(String comment) {
        if (comment == null || !comment.startsWith(TAG + " ")) {
            return Optional.empty();
        }
        Map<String, String> fields = new HashMap<>();
        for (String word : comment.substring(TAG.length() + 1).trim().split(" +")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                fields.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        String volume = fields.getOrDefault("volume", "");
        int slash = volume.indexOf('/');
        try {
            return Optional.of(new OwnerMarker(
                    fields.getOrDefault("owner", ""),
                    slash < 0 ? "" : volume.substring(0, slash),
                    volume.substring(slash + 1),
                    fields.getOrDefault("pool", ""),
                    "yes".equals(fields.get("adopted"))));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** Who a disk comment says owns the disk, for the operator's log: the RdsVolume, or the comment itself. */
    public static String describeComment(String comment) {
        return parse(comment)
                .map(m -> "RdsVolume " + m.describe())
                .orElse(comment.isEmpty() ? "no owner marker" : "comment \"" + comment + "\"");
    }

    /** What a volume's users may learn of a disk's owner from its comment: whether there is one, never who. */
    public static String describeForTenant(String comment) {
        if (parse(comment).isPresent()) {
            return "the owner marker of another RdsVolume";
        }
        return comment.isEmpty() ? "no owner marker" : "a comment that is no owner marker";
    }

    /** {@code namespace/name (uid …)}, for messages. */
    public String describe() {
        return (name.isEmpty() ? "" : namespace + "/" + name + " ") + "(uid " + volumeUid + ")";
    }
}
