package io.srvlab.rds.pool;

import io.srvlab.rds.routeros.RouterOsConnector;

/** Builds the connector for an endpoint; called again whenever the endpoint of a pool changes. */
@FunctionalInterface
public interface ConnectorFactory {
    RouterOsConnector create(ServerEndpoint endpoint);
}
