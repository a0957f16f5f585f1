package io.srvlab.rds.pool;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The pool's one clock: instants for callers' deadlines and the breaker's open state, nanoseconds for waits, idle
 * ages and the rate limit. Both views move together, so a test that moves one moves the other.
 */
public interface PoolClock extends InstantSource {
    PoolClock SYSTEM = new PoolClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant instant() {
            return Instant.now();
        }
    };

    /** A monotonic reading in nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
    long nanoTime();
}
