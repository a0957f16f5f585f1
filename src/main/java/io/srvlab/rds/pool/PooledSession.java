package io.srvlab.rds.pool;

import io.srvlab.rds.routeros.RouterOsSession;

/** A session owned by the pool, with the connector generation that opened it and when it was last returned. */
final class PooledSession {
    final RouterOsSession raw;
    final long generation;
    /** Written by the thread that holds the session (or under the store lock); read after a lock hand-over. */
    long lastUsedNanos;

    PooledSession(RouterOsSession raw, long generation, long nowNanos) {
        this.raw = raw;
        this.generation = generation;
        this.lastUsedNanos = nowNanos;
    }

    void closeQuietly() {
        try {
            raw.close();
        } catch (RuntimeException ignored) {
            // a session that fails to close is gone either way
        }
    }
}
