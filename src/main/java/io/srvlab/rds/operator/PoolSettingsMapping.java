package io.srvlab.rds.operator;

import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.pool.PoolSettings;
import io.srvlab.rds.pool.ServerEndpoint;
import java.util.Objects;

/** Translates an RdsPoolConfig spec and its key into the pool's settings. */
final class PoolSettingsMapping {
    private PoolSettingsMapping() {}

    /**
     * Whether a pool's endpoint is the server the spec names now: address, port, pinned host key and verification
     * mode (the key Secret and timeouts may differ). A pool config edit reaches the pool only when its reconciler has
     * applied it, while volumes may already see the edited spec.
     */
    static boolean sameServer(ServerEndpoint endpoint, RdsPoolConfigSpec.Server server) {
        return endpoint.address().equals(server.address())
                && Objects.equals(endpoint.port(), server.port())
                && Objects.equals(endpoint.hostKey(), server.hostKey())
                && endpoint.insecureSkipHostKeyVerification()
                        == Boolean.TRUE.equals(server.insecureSkipHostKeyVerification());
    }

    static PoolSettings from(RdsPoolConfigSpec spec, String privateKey) {
        var server = spec.server();
        var endpoint = new ServerEndpoint(
                server.address(),
                server.port(),
                server.user(),
                privateKey,
                server.hostKey(),
                Boolean.TRUE.equals(server.insecureSkipHostKeyVerification()),
                Durations.parse(server.connectTimeout()));
        return PoolSettings.defaults(endpoint)
                .withSize(spec.pool().maxSize(), spec.pool().maxIdle())
                .withIdleTimeout(Durations.parse(spec.pool().idleTimeout()))
                .withAcquireTimeout(Durations.parse(spec.pool().acquireTimeout()))
                .withCommandTimeout(Durations.parse(server.commandTimeout()))
                .withRate(spec.rateLimit().requestsPerSecond(), spec.rateLimit().burst())
                .withBreaker(
                        spec.circuitBreaker().failureThreshold(),
                        Durations.parse(spec.circuitBreaker().openDuration()),
                        spec.circuitBreaker().halfOpenProbes());
    }
}
