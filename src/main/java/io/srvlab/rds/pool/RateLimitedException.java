package io.srvlab.rds.pool;

/** No rate-limit token could be had before the caller's deadline. */
public final class RateLimitedException extends PoolException {
    RateLimitedException(String pool, String message) {
        super(pool, message);
    }

    public RateLimitedException(String pool, String message, Throwable cause) {
        super(pool, message, cause);
    }
}
