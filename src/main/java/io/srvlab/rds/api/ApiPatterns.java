package io.srvlab.rds.api;

/**
 * Allow-list patterns shared by the CRD schema and the code that re-checks values before they reach RouterOS.
 * None of them admits a character that RouterOS treats specially ({@code ; [ ] $ " \ ( ) { } # =}, spaces,
 * control characters).
 */
public final class ApiPatterns {
    public static final String SLOT = "^[A-Za-z0-9][A-Za-z0-9-]{0,62}$";
    /** Derived slots are {@code rdsv-<metadata.uid>}; users may not name a slot like that. */
    public static final String OPERATOR_SLOT_PREFIX = "rdsv-";
    /** A user-chosen token that asks for an action once per new value. */
    public static final String REQUEST_TOKEN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$";
    /** An initiator host name or host NQN. */
    public static final String HOST_NAME = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,222}$";
    /**
     * Absolute path; no segment may start with a dot, so {@code .} and {@code ..} are excluded. Segment length and
     * count leave room for {@code /<63-character slot>.img} within the RouterOS file path limits; nested repeat counts
     * stay within the 1000 that Go's regexp (the API server) accepts.
     */
    public static final String BASE_PATH = "^(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,62}){1,15}$";
    /** 255 (RouterOS file path) minus {@code /<63-character slot>.img}. */
    public static final int BASE_PATH_MAX_LENGTH = 187;

    /** At most 159 characters: with {@code :<63-character slot>} an NQN stays within its 223-byte limit. */
    public static final String NQN_PREFIX = "^nqn\\.[0-9]{4}-(0[1-9]|1[0-2])\\.[a-z0-9][a-z0-9.-]{0,146}$";

    public static final String HOST = "^[A-Za-z0-9]([A-Za-z0-9.:-]{0,252}[A-Za-z0-9])?$";
    public static final String USER = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
    public static final String HOST_KEY =
            "^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,3}( [ -~]*)?$";
    /** A Go-style duration as Kubernetes writes them: 30s, 5m, 1h30m, 500ms. */
    public static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";
    /** A Kubernetes quantity without sign or exponent: 10Gi, 500Mi, 1T, 1073741824. */
    public static final String SIZE = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$";

    public static final String DNS_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public static final String NAMESPACE = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
    public static final String NAMESPACE_OR_ALL = "^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?|\\*)$";
    public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

    public static final String POSITIVE_DURATION_RULE = "duration(self) > duration('0s')";

    private ApiPatterns() {}
}
