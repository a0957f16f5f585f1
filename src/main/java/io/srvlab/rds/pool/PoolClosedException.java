package io.srvlab.rds.pool;

/** The pool was closed (its RdsPoolConfig was deleted or replaced). */
public final class PoolClosedException extends PoolException {
    PoolClosedException(String pool) {
        super(pool, "closed");
    }
}
