package io.srvlab.rds.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and as whom the pool connects. A change of any field means a new connector: the pool drains its old
 * sessions and opens new ones.
 *
 * @param privateKey the OpenSSH private key text (never printed)
 * @param hostKey pinned server key in OpenSSH public key format; null only when {@code insecureSkipHostKeyVerification}
 */
public record ServerEndpoint(
        String address,
        int port,
        String user,
        String privateKey,
        String hostKey,
        boolean insecureSkipHostKeyVerification,
        Duration connectTimeout) {

    public ServerEndpoint {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (address.isBlank()) throw new IllegalArgumentException("address must not be blank");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (hostKey == null && !insecureSkipHostKeyVerification) {
            throw new IllegalArgumentException("hostKey is required unless insecureSkipHostKeyVerification");
        }
        PoolSettings.requirePositive(connectTimeout, "connectTimeout");
    }

    /** An endpoint for tests and the simulator: any host key accepted, no key material. */
    public static ServerEndpoint insecure(String address, int port, String user) {
        return new ServerEndpoint(address, port, user, null, null, true, Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "ServerEndpoint[" + user + "@" + address + ":" + port + ", hostKey="
                + (insecureSkipHostKeyVerification ? "<any>" : "<pinned>") + ", privateKey="
                + (privateKey == null ? "<none>" : "<redacted>") + ", connectTimeout=" + connectTimeout + "]";
    }
}
