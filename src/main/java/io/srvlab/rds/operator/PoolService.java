package io.srvlab.rds.operator;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.srvlab.rds.pool.PoolRegistry;
import io.srvlab.rds.pool.PoolSettings;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.pool.ServerEndpoint;
import io.srvlab.rds.routeros.RouterOsConnector;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.SshConnector;
import io.srvlab.rds.routeros.SshTarget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/** The operator's one {@link PoolRegistry}: SSH pools per RdsPoolConfig, with their Micrometer meters. */
@ApplicationScoped
public class PoolService {
    private final PoolRegistry registry;

    public PoolService(MeterRegistry meters) {
        this.registry = new PoolRegistry(PoolService::sshConnector, meters);
    }

    /** The result of applying a config: the live pool, and whether it was created or hot-reloaded just now. */
    public record Applied(RdsPool pool, boolean changed) {}

    public Applied apply(String name, PoolSettings settings) {
        Optional<RdsPool> before = registry.find(name);
        boolean changed = before.isEmpty() || !before.get().settings().equals(settings);
        return new Applied(registry.getOrCreate(name, settings), changed);
    }

    public Optional<RdsPool> find(String name) {
        return registry.find(name);
    }

    public void close(String name) {
        registry.remove(name);
    }

    void onStop(@Observes ShutdownEvent event) {
        registry.close();
    }

    /** A key that cannot be loaded fails every connect with its classified error, visible in the status. */
    private static RouterOsConnector sshConnector(ServerEndpoint endpoint) {
        var target = new SshTarget(
                endpoint.address(),
                endpoint.port(),
                endpoint.user(),
                endpoint.privateKey(),
                endpoint.hostKey(),
                endpoint.insecureSkipHostKeyVerification(),
                endpoint.connectTimeout(),
                endpoint.connectTimeout(),
                true);
        try {
            return new SshConnector(target);
        } catch (RouterOsException e) {
            return () -> {
                throw e;
            };
        }
    }
}
