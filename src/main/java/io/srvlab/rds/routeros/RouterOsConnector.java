package io.srvlab.rds.routeros;

/** Opens new authenticated sessions to one device (connect, verify host key, authenticate). */
@FunctionalInterface
public interface RouterOsConnector {
    RouterOsSession connect() throws RouterOsException;
}
