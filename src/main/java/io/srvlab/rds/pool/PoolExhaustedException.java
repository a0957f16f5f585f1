package io.srvlab.rds.pool;

/** No session became free within min(acquireTimeout, deadline). */
public final class PoolExhaustedException extends PoolException {
    PoolExhaustedException(String pool, String message) {
        super(pool, message);
    }

    public PoolExhaustedException(String pool, String message, Throwable cause) {
        super(pool, message, cause);
    }
}
