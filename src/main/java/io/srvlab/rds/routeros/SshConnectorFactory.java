package io.srvlab.rds.routeros;

/** A target becomes an {@link SshConnector}. */
public final class SshConnectorFactory implements ConnectorFactory {

    /** A key that cannot be loaded fails every connect with its classified error, visible where the pool is used. */
    @Override
    public RouterOsConnector create(SshTarget target) {
        try {
            return new SshConnector(target);
        } catch (RouterOsException e) {
            return () -> {
                throw e;
            };
        }
    }
}
