package io.srvlab.rds.simulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Iterator;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Key generation and OpenSSH encoding for the simulator and its tests. */
public final class SimulatorKeys {
    private SimulatorKeys() {}

    public static KeyPair ed25519() {
        try {
            return KeyUtils.generateKeyPair("ssh-ed25519", 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ed25519 unavailable (net.i2p.crypto:eddsa missing?)", e);
        }
    }

    public static KeyPair rsa(int bits) {
        try {
            return KeyUtils.generateKeyPair("ssh-rsa", bits);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unencrypted OpenSSH private key text ({@code -----BEGIN OPENSSH PRIVATE KEY-----}). */
    public static String privateKeyText(KeyPair pair) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "rds-simulator", null, out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** OpenSSH public key line ({@code ssh-ed25519 AAAA…}). */
    public static String publicKeyLine(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    /** An OpenSSH public key line, as in {@code authorized_keys} (options before the key type are allowed). */
    public static PublicKey readPublicKey(String line) throws IOException, GeneralSecurityException {
        return AuthorizedKeyEntry.parseAuthorizedKeyEntry(line.strip())
                .resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
    }

    public static KeyPair readPrivateKey(String text) throws IOException, GeneralSecurityException {
        Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(
                null,
                NamedResource.ofName("simulator-key"),
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                null);
        Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
        if (it == null || !it.hasNext()) {
            throw new IOException("no private key found");
        }
        return it.next();
    }
}
