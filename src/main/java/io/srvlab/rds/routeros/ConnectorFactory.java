package io.srvlab.rds.routeros;

/** Builds the connector for a target; called again whenever the target of a pool changes. */
@FunctionalInterface
public interface ConnectorFactory {
    RouterOsConnector create(SshTarget target);
}
