package io.srvlab.rds.pool;

/** Why the pool did not run an operation; the server was not asked (except by a failed connect, see RdsPool). */
public abstract sealed class PoolException extends Exception
        permits CircuitOpenException, RateLimitedException, PoolExhaustedException, PoolClosedException {

    private final String pool;

    PoolException(String pool, String message) {
        super("pool " + pool + ": " + message);
        this.pool = pool;
    }

    PoolException(String pool, String message, Throwable cause) {
        super("pool " + pool + ": " + message, cause);
        this.pool = pool;
    }

    public String pool() {
        return pool;
    }
}
