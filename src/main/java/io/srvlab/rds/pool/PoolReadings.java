package io.srvlab.rds.pool;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads one pool's parts into a {@link PoolMetrics}: the session counts come from one locked snapshot of the store,
 * so active, idle, pending and maxSize always belong together.
 */
final class PoolReadings {
    private final SessionStore store;
    private final RateGate rate;
    private final Breaker breaker;
    private final LongAdder waits = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();

    PoolReadings(SessionStore store, RateGate rate, Breaker breaker) {
        this.store = store;
        this.rate = rate;
        this.breaker = breaker;
    }

    /** A caller waited this long for a token and a session. */
    void waited(long nanos) {
        waitNanos.add(nanos);
        waits.increment();
    }

    PoolMetrics read() {
        SessionStore.Counts counts = store.counts();
        long n = waits.sum();
        return new PoolMetrics(
                store.created(),
                counts.active(),
                counts.idle(),
                counts.waiting() + rate.waiting(),
                counts.maxSize(),
                store.errors(),
                breaker.breaks(),
                rate.hits(),
                Duration.ofNanos(n == 0 ? 0 : waitNanos.sum() / n),
                breaker.state());
    }
}
