package io.srvlab.rds.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wall time plus the jumps a test makes: waits, rate refills and timeouts keep running on their own, while idle ages,
 * validation windows and the breaker's open time can be skipped instead of slept through.
 */
final class TestClock implements PoolClock {
    private final AtomicLong skippedNanos = new AtomicLong();

    void advance(Duration d) {
        skippedNanos.addAndGet(d.toNanos());
    }

    @Override
    public long nanoTime() {
        return System.nanoTime() + skippedNanos.get();
    }

    @Override
    public Instant instant() {
        return Instant.now().plusNanos(skippedNanos.get());
    }
}
