package io.srvlab.rds.routeros;

import io.srvlab.rds.routeros.RouterOsException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Iterator;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Opens authenticated SSH sessions to one RDS with Apache MINA SSHD: public-key auth, the server's key checked
 * against the pinned key, bounded connect and auth. One started {@link SshClient} per connector; close the connector
 * to stop it (open sessions die with it).
 */
public final class SshConnector implements RouterOsConnector, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SshConnector.class.getName());
    private static final AttributeKey<Boolean> HOST_KEY_REFUSED = new AttributeKey<>();

    private final SshTarget target;
    private final KeyPair identity;
    private final SshClient client;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Whether the last key exchange met a server key other than the pinned one. The session attribute alone is not
     * enough: when the exchange fails before {@code connect} returns, there is no session to ask.
     */
    private final AtomicBoolean hostKeyRefused = new AtomicBoolean();

    public SshConnector(SshTarget target) throws RouterOsException {
        this.target = target;
        this.identity = parsePrivateKey(target.privateKey());
        ServerKeyVerifier verifier;
        if (target.insecureSkipHostKeyVerification()) {
            LOG.log(
                    Level.WARNING,
                    "Host key verification is DISABLED for {0}:{1}; any server can impersonate the RDS",
                    target.host(),
                    String.valueOf(target.port()));
            verifier = AcceptAllServerKeyVerifier.INSTANCE;
        } else {
            PublicKey pinned = parsePublicKey(target.hostKey());
            verifier = (session, address, serverKey) -> {
                if (KeyUtils.compareKeys(pinned, serverKey)) {
                    hostKeyRefused.set(false);
                    return true;
                }
                hostKeyRefused.set(true);
                session.setAttribute(HOST_KEY_REFUSED, Boolean.TRUE);
                LOG.log(
                        Level.WARNING,
                        "Host key of {0} does not match the pinned key: got {1}",
                        address,
                        KeyUtils.getFingerPrint(serverKey));
                return false;
            };
        }
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(verifier);
        // RouterOS does not answer keepalive@openssh.com; liveness is checked by running a command.
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, java.time.Duration.ZERO);
        // Every command is a few small request/reply packets on a long-lived session. With Nagle's algorithm on
        // (MINA's default), a packet written while the previous one is unacknowledged waits for the peer's delayed
        // ACK: about 40 ms per command on Linux, more than the command itself on a pooled session.
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        client.start();
    }

    public SshTarget target() {
        return target;
    }

    @Override
    public RouterOsSession connect() throws RouterOsException {
        if (closed.get()) {
            throw new RouterOsException(Kind.TRANSPORT, "connector is closed");
        }
        ClientSession session = null;
        try {
            session = client.connect(target.loginName(), target.host(), target.port())
                    .verify(target.connectTimeout())
                    .getClientSession();
        } catch (IOException e) {
            throw classify("connect to " + target.host() + ":" + target.port(), e, null);
        }
        try {
            session.addPublicKeyIdentity(identity);
            session.auth().verify(target.authTimeout());
            return new SshSession(session);
        } catch (IOException e) {
            RouterOsException failure = classify("authenticate to " + target.host(), e, session);
            session.close(true);
            throw failure;
        }
    }

    private RouterOsException classify(String action, IOException e, ClientSession session) {
        boolean refused =
                session != null ? Boolean.TRUE.equals(session.getAttribute(HOST_KEY_REFUSED)) : hostKeyRefused.get();
        if (refused) {
            return new RouterOsException(
                    Kind.HOST_KEY_MISMATCH, "server host key does not match the pinned key (" + action + ")", e);
        }
        if (isTimeout(e)) {
            return new RouterOsException(Kind.TIMEOUT, "timed out: " + action, e);
        }
        String message = String.valueOf(e.getMessage());
        if (session != null && message.contains("No more authentication methods available")) {
            return new RouterOsException(Kind.AUTH_REJECTED, "authentication rejected (" + action + ")", e);
        }
        return new RouterOsException(Kind.TRANSPORT, "failed to " + action + ": " + message, e);
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof InterruptedIOException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("timeout") || m.contains("timed out"))) {
                return true;
            }
        }
        return false;
    }

    private static KeyPair parsePrivateKey(String pem) throws RouterOsException {
        try {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(
                    null,
                    NamedResource.ofName("rds-private-key"),
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)),
                    null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new RouterOsException(Kind.INVALID_VALUE, "private key: no key found in the given text");
            }
            return it.next();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // The exception text may quote key material; keep only its type.
            throw new RouterOsException(
                    Kind.INVALID_VALUE,
                    "private key could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Parses an OpenSSH public key line ({@code ssh-ed25519 AAAA… [comment]}). */
    public static PublicKey parsePublicKey(String line) throws RouterOsException {
        try {
            return AuthorizedKeyEntry.parseAuthorizedKeyEntry(line.strip())
                    .resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new RouterOsException(Kind.INVALID_VALUE, "host key is not an OpenSSH public key line", e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.stop();
        }
    }
}
