package io.srvlab.rds.routeros;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how to reach one RDS over SSH. Immutable; {@link #toString()} never shows the private key.
 *
 * @param privateKey an OpenSSH or PEM private key (ed25519 or RSA), unencrypted, as text
 * @param hostKey the pinned server key as an OpenSSH public key line ({@code ssh-ed25519 AAAA…}); may be null only
 *     with {@code insecureSkipHostKeyVerification}
 * @param wideConsole log in as {@code user+cet512w} (no colours, no terminal detection, dumb terminal, 512 columns)
 *     so the console wraps far less (docs/routeros.md §1.4)
 */
public record SshTarget(
        String host,
        int port,
        String user,
        String privateKey,
        String hostKey,
        boolean insecureSkipHostKeyVerification,
        Duration connectTimeout,
        Duration authTimeout,
        boolean wideConsole) {

    public static final String CONSOLE_SUFFIX = "+cet512w";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.:-]{0,252}[A-Za-z0-9])?");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public SshTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(authTimeout, "authTimeout");
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("invalid host");
        }
        if (!USER.matcher(user).matches()) {
            throw new IllegalArgumentException("invalid user (RouterOS login options are added by wideConsole)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid port " + port);
        }
        if (hostKey == null && !insecureSkipHostKeyVerification) {
            throw new IllegalArgumentException("a pinned host key is required unless host key checking is disabled");
        }
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || authTimeout.isNegative()
                || authTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** Pinned host key, 10 s connect and auth timeouts, wide console. */
    public static SshTarget of(String host, int port, String user, String privateKey, String hostKey) {
        return new SshTarget(
                host, port, user, privateKey, hostKey, false, Duration.ofSeconds(10), Duration.ofSeconds(10), true);
    }

    public SshTarget withTimeouts(Duration connect, Duration auth) {
        return new SshTarget(
                host, port, user, privateKey, hostKey, insecureSkipHostKeyVerification, connect, auth, wideConsole);
    }

    public SshTarget withWideConsole(boolean wide) {
        return new SshTarget(
                host,
                port,
                user,
                privateKey,
                hostKey,
                insecureSkipHostKeyVerification,
                connectTimeout,
                authTimeout,
                wide);
    }

    /** Skips host key verification: for labs only; the connector logs a warning. */
    public SshTarget withInsecureSkipHostKeyVerification() {
        return new SshTarget(host, port, user, privateKey, hostKey, true, connectTimeout, authTimeout, wideConsole);
    }

    /** The SSH login name, with the RouterOS console options when {@link #wideConsole()}. */
    public String loginName() {
        return wideConsole ? user + CONSOLE_SUFFIX : user;
    }

    @Override
    public String toString() {
        return "SshTarget[" + user + "@" + host + ":" + port + ", hostKey="
                + (insecureSkipHostKeyVerification ? "NOT VERIFIED" : "pinned") + ", privateKey=<redacted>]";
    }
}
