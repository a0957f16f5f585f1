package io.srvlab.rds.pool;

import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsSession;

/** Work done on a leased session. It must not keep the session beyond its return. */
@FunctionalInterface
public interface SessionOperation<T> {
    T apply(RouterOsSession session) throws RouterOsException;
}
