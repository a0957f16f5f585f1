package io.srvlab.rds.pool;

import io.srvlab.rds.routeros.RouterOsConnector;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.SshConnector;
import io.srvlab.rds.routeros.SshTarget;

/** Pools talk SSH: an endpoint becomes an {@link SshConnector} with the RouterOS wide console. */
public final class SshConnectorFactory implements ConnectorFactory {

    /** A key that cannot be loaded fails every connect with its classified error, visible where the pool is used. */
    @Override
    public RouterOsConnector create(ServerEndpoint endpoint) {
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
