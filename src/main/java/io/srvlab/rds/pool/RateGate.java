package io.srvlab.rds.pool;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One token per command. Callers queue for tokens (Bucket4j reserves them in arrival order) instead of failing; a
 * caller that had to wait or gave up counts as a rate-limit hit. Idle-session validation and connects take no token.
 */
final class RateGate {
    private final Bucket bucket;
    private final LongAdder hits = new LongAdder();
    private final AtomicInteger waiting = new AtomicInteger();

    RateGate(PoolSettings settings, PoolClock clock) {
        this.bucket = Bucket.builder()
                .addLimit(bandwidth(settings))
                .withCustomTimePrecision(new TimeMeter() {
                    @Override
                    public long currentTimeNanos() {
                        return clock.nanoTime();
                    }

                    @Override
                    public boolean isWallClockBased() {
                        return false;
                    }
                })
                .build();
    }

    /** True with a token taken; false when none is available within {@code maxWaitNanos}. */
    boolean acquire(long maxWaitNanos) throws InterruptedException {
        if (bucket.tryConsume(1)) {
            return true;
        }
        hits.increment();
        if (maxWaitNanos <= 0) {
            return false;
        }
        waiting.incrementAndGet();
        try {
            return bucket.asBlocking().tryConsume(1, maxWaitNanos);
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** New rate and burst in place; the tokens in the bucket are kept (capped at the new burst). */
    void reconfigure(PoolSettings settings) {
        bucket.replaceConfiguration(
                BucketConfiguration.builder().addLimit(bandwidth(settings)).build(), TokensInheritanceStrategy.AS_IS);
    }

    long hits() {
        return hits.sum();
    }

    int waiting() {
        return waiting.get();
    }

    private static Bandwidth bandwidth(PoolSettings s) {
        return Bandwidth.builder()
                .capacity(s.burst())
                .refillGreedy(s.requestsPerSecond(), Duration.ofSeconds(1))
                .id("rate")
                .build();
    }
}
