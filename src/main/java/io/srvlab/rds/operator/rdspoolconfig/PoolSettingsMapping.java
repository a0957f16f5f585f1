package io.srvlab.rds.operator.rdspoolconfig;

import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.operator.common.Durations;
import io.srvlab.rds.pool.PoolSettings;
import io.srvlab.rds.routeros.SshTarget;
import java.time.Duration;
import java.util.Objects;

/** Translates an RdsPoolConfig spec and its key into the pool's settings. */
final class PoolSettingsMapping {
    private PoolSettingsMapping() {}

    /**
     * Whether a pool's endpoint is the server the spec names now: address, port, pinned host key and verification
     * mode (the key Secret and timeouts may differ). A pool config edit reaches the pool only when its reconciler has
     * applied it, while volumes may already see the edited spec.
     */
    static boolean sameServer(SshTarget endpoint, RdsPoolConfigSpec.Server server) {
        return endpoint.host().equals(server.address())
                && Objects.equals(endpoint.port(), server.port())
                && Objects.equals(endpoint.hostKey(), server.hostKey())
                && endpoint.insecureSkipHostKeyVerification()
                        == Boolean.TRUE.equals(server.insecureSkipHostKeyVerification());
    }

    static PoolSettings from(RdsPoolConfigSpec spec, String privateKey) {
        var server = spec.server();
        Duration connectTimeout = Durations.parse(server.connectTimeout());
        // the authentication gets the connect timeout too; the wide console keeps RouterOS output unwrapped
        var endpoint = new SshTarget(
                server.address(),
                server.port(),
                server.user(),
                privateKey,
                server.hostKey(),
                Boolean.TRUE.equals(server.insecureSkipHostKeyVerification()),
                connectTimeout,
                connectTimeout,
                true);
        return PoolSettings.builder(endpoint)
                .maxSize(spec.pool().maxSize())
                .maxIdle(spec.pool().maxIdle())
                .idleTimeout(Durations.parse(spec.pool().idleTimeout()))
                .acquireTimeout(Durations.parse(spec.pool().acquireTimeout()))
                .commandTimeout(Durations.parse(server.commandTimeout()))
                .requestsPerSecond(spec.rateLimit().requestsPerSecond())
                .burst(spec.rateLimit().burst())
                .failureThreshold(spec.circuitBreaker().failureThreshold())
                .openDuration(Durations.parse(spec.circuitBreaker().openDuration()))
                .halfOpenProbes(spec.circuitBreaker().halfOpenProbes())
                .build();
    }
}
