package io.srvlab.rds.pool;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One token per command, from a Bucket4j token bucket. Callers queue for tokens instead of failing, one queue per
 * tenant served round robin ({@link FairTokens}), so one namespace's batch does not hold back another's single volume;
 * a caller that had to wait or gave up counts as a rate-limit hit. Idle-session validation and connects take no token.
 */
final class RateGate {
    private final Bucket bucket;
    private final PoolClock clock;
    private final FairTokens<Waiter> fair;
    private final ReentrantLock lock = new ReentrantLock();
    private final LongAdder hits = new LongAdder();

    /** A queued caller: woken when it got its token, or when it is next and should watch the refill. */
    private static final class Waiter {
        final Condition wake;
        boolean granted;

        Waiter(Condition wake) {
            this.wake = wake;
        }
    }

    RateGate(PoolSettings settings, PoolClock clock) {
        this.clock = clock;
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
        this.fair = new FairTokens<>(bucket);
    }

    /** True with a token taken for {@code tenant}; false when none came within {@code maxWaitNanos}. */
    boolean acquire(String tenant, long maxWaitNanos) throws InterruptedException {
        lock.lock();
        try {
            if (fair.tryNow()) {
                return true;
            }
            hits.increment();
            if (maxWaitNanos <= 0) {
                return false;
            }
            return await(tenant, clock.nanoTime() + maxWaitNanos);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queued until granted or past the deadline. Every waiter hands out the tokens that are there when it wakes; only
     * the next in line sleeps until the refill, the others until they are woken or their deadline.
     */
    private boolean await(String tenant, long deadlineNanos) throws InterruptedException {
        Waiter me = new Waiter(lock.newCondition());
        fair.enqueue(tenant, me);
        try {
            while (true) {
                dispatch();
                if (me.granted) {
                    return true;
                }
                long left = deadlineNanos - clock.nanoTime();
                if (left <= 0) {
                    return false;
                }
                long sleep = fair.next() == me ? Math.min(left, Math.max(1, fair.nanosToNextToken())) : left;
                me.wake.awaitNanos(sleep);
            }
        } finally {
            if (!me.granted && fair.remove(tenant, me)) {
                wakeNext(); // it may have been the one watching the refill
            }
        }
    }

    private void dispatch() {
        for (Waiter granted = fair.grant(); granted != null; granted = fair.grant()) {
            granted.granted = true;
            granted.wake.signal();
        }
        wakeNext();
    }

    private void wakeNext() {
        Waiter next = fair.next();
        if (next != null) {
            next.wake.signal();
        }
    }

    /** New rate and burst in place; the tokens in the bucket are kept (capped at the new burst). */
    void reconfigure(PoolSettings settings) {
        bucket.replaceConfiguration(
                BucketConfiguration.builder().addLimit(bandwidth(settings)).build(), TokensInheritanceStrategy.AS_IS);
        lock.lock();
        try {
            wakeNext(); // a faster refill: the next in line looks again now
        } finally {
            lock.unlock();
        }
    }

    long hits() {
        return hits.sum();
    }

    int waiting() {
        lock.lock();
        try {
            return fair.waiting();
        } finally {
            lock.unlock();
        }
    }

    private static Bandwidth bandwidth(PoolSettings s) {
        return Bandwidth.builder()
                .capacity(s.burst())
                .refillGreedy(s.requestsPerSecond(), Duration.ofSeconds(1))
                .id("rate")
                .build();
    }
}
