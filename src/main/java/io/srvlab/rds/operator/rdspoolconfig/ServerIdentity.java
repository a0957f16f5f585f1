package io.srvlab.rds.operator.rdspoolconfig;

import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsPoolConfigStatus;
import io.srvlab.rds.api.RdsVolumeStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Which RDS a pool config points at: its host key (an address may change, the key stays with the appliance) — the
 * pinned one, or without pinning the one the RDS presented over SSH as the config's status records it — else address
 * and port.
 */
public final class ServerIdentity {
    private ServerIdentity() {}

    public static RdsVolumeStatus.Server of(RdsPoolConfig config) {
        RdsPoolConfigSpec.Server server = config.getSpec().server();
        String pinned = fingerprint(server.hostKey());
        return new RdsVolumeStatus.Server(
                server.address(), server.port(), pinned != null ? pinned : presented(config.getStatus()));
    }

    public static RdsVolumeStatus.Server of(RdsPoolConfigSpec.Server server) {
        return new RdsVolumeStatus.Server(server.address(), server.port(), fingerprint(server.hostKey()));
    }

    private static String presented(RdsPoolConfigStatus status) {
        return status == null || status.server() == null
                ? null
                : status.server().hostKeyFingerprint();
    }

    /** Whether a volume provisioned on {@code recorded} may be worked on through a pool pointing at {@code current}. */
    public static boolean same(RdsVolumeStatus.Server recorded, RdsVolumeStatus.Server current) {
        if (recorded.hostKeyFingerprint() != null && current.hostKeyFingerprint() != null) {
            return recorded.hostKeyFingerprint().equals(current.hostKeyFingerprint());
        }
        return Objects.equals(recorded.address(), current.address()) && Objects.equals(recorded.port(), current.port());
    }

    /** A stable key for claims on this server: the fingerprint, else address and port. */
    public static String key(RdsVolumeStatus.Server server) {
        return server.hostKeyFingerprint() != null
                ? server.hostKeyFingerprint()
                : server.address() + ":" + server.port();
    }

    public static String describe(RdsVolumeStatus.Server server) {
        return server.address() + ":" + server.port()
                + (server.hostKeyFingerprint() == null ? "" : " (host key " + server.hostKeyFingerprint() + ")");
    }

    /** OpenSSH's form: {@code SHA256:} and the unpadded base64 of the key blob's SHA-256. */
    public static String fingerprint(String hostKey) {
        if (hostKey == null || hostKey.isBlank()) {
            return null;
        }
        String[] parts = hostKey.trim().split(" +");
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts.length > 1 ? parts[1] : parts[0]);
        } catch (IllegalArgumentException notBase64) {
            blob = hostKey.trim().getBytes(StandardCharsets.UTF_8);
        }
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha256(blob));
    }

    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
