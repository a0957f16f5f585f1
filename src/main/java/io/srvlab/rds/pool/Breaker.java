package io.srvlab.rds.pool;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The circuit breaker of one pool: opens after {@code failureThreshold} consecutive transport failures, stays open
 * for {@code openDuration}, then lets {@code halfOpenProbes} calls through. Resilience4j configs are immutable, so a
 * reconfiguration builds a new breaker and moves the current state into it: an open breaker stays open until its
 * original opening time plus the new open duration, a half-open one stays half-open, a closed one keeps its run of
 * consecutive failures. Breaks are counted here, so the count survives replacements.
 */
final class Breaker {
    /** What a caller rejected while half-open (all probes out) is told to wait. */
    private static final Duration HALF_OPEN_RETRY = Duration.ofSeconds(1);

    private final String name;
    private final PoolClock clock;
    /** The same clock for Resilience4j, which times the open state with it. */
    private final Clock zonedClock;

    private final LongAdder breaks = new LongAdder();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final ReentrantLock replacing = new ReentrantLock();
    private volatile Duration openDuration;
    private volatile CircuitBreaker current;
    private volatile long openedAtNanos;
    private volatile Throwable lastTransportFailure;
    /** The state last seen by {@link #observe}; a change to OPEN is a break. */
    private final AtomicReference<CircuitBreaker.State> observed = new AtomicReference<>(CircuitBreaker.State.CLOSED);

    Breaker(String name, PoolSettings settings, PoolClock clock) {
        this.name = name;
        this.clock = clock;
        this.zonedClock = clock.withZone(ZoneOffset.UTC);
        this.openDuration = settings.openDuration();
        this.current = CircuitBreaker.of(name, config(settings, CircuitBreaker.State.CLOSED));
    }

    /** The breaker that granted the permission, or null when the call is refused. */
    CircuitBreaker tryAcquire() {
        CircuitBreaker cb = current;
        boolean permitted = cb.tryAcquirePermission();
        observe(cb);
        return permitted ? cb : null;
    }

    void onSuccess(long nanos) {
        lastTransportFailure = null;
        consecutiveFailures.set(0);
        CircuitBreaker cb = current;
        cb.onSuccess(nanos, TimeUnit.NANOSECONDS);
        observe(cb);
    }

    void onTransportFailure(long nanos, Throwable failure) {
        lastTransportFailure = failure;
        consecutiveFailures.incrementAndGet();
        CircuitBreaker cb = current;
        cb.onError(nanos, TimeUnit.NANOSECONDS, failure);
        observe(cb);
    }

    /** The permitted call never reached the server (no token, no session): give the permission back. */
    void release(CircuitBreaker permit) {
        if (permit == current) {
            permit.releasePermission();
        }
    }

    CircuitState state() {
        return switch (current.getState()) {
            case OPEN, FORCED_OPEN -> CircuitState.OPEN;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
            default -> CircuitState.CLOSED;
        };
    }

    /** Time until the breaker lets a probe through; empty unless open. */
    Optional<Duration> remainingOpenTime() {
        return switch (state()) {
            case OPEN -> {
                long left = openedAtNanos + openDuration.toNanos() - clock.nanoTime();
                yield Optional.of(Duration.ofNanos(Math.max(0, left)));
            }
            case HALF_OPEN -> Optional.of(min(HALF_OPEN_RETRY, openDuration));
            case CLOSED -> Optional.empty();
        };
    }

    /** The most recent failure that counted against the breaker: what a refused caller is told as the cause. */
    Throwable lastTransportFailure() {
        return lastTransportFailure;
    }

    long breaks() {
        return breaks.sum();
    }

    /** Called only when the breaker's own settings changed. */
    void reconfigure(PoolSettings next) {
        replacing.lock();
        try {
            CircuitBreaker old = current;
            CircuitBreaker replacement;
            switch (old.getState()) {
                case OPEN, FORCED_OPEN -> {
                    long openUntil = openedAtNanos + next.openDuration().toNanos();
                    long left = openUntil - clock.nanoTime();
                    if (left > 0) {
                        replacement = CircuitBreaker.of(name, config(next, CircuitBreaker.State.CLOSED));
                        replacement.transitionToOpenStateUntil(clock.instant().plusNanos(left));
                    } else {
                        replacement = CircuitBreaker.of(name, config(next, CircuitBreaker.State.HALF_OPEN));
                    }
                }
                case HALF_OPEN -> replacement = CircuitBreaker.of(name, config(next, CircuitBreaker.State.HALF_OPEN));
                default -> {
                    replacement = CircuitBreaker.of(name, config(next, CircuitBreaker.State.CLOSED));
                    openDuration = next.openDuration();
                    // Replay the current run of failures: a lowered threshold that is already reached opens it.
                    int run = consecutiveFailures.get();
                    for (int i = 0; i < run; i++) {
                        replacement.onError(0, TimeUnit.NANOSECONDS, new IllegalStateException("replayed failure"));
                    }
                    observe(replacement);
                }
            }
            // a carried OPEN is the same break, not a new one
            observed.set(replacement.getState());
            openDuration = next.openDuration();
            current = replacement;
        } finally {
            replacing.unlock();
        }
    }

    /**
     * Notices a transition to OPEN after each call. No event consumer on purpose: with one registered, Resilience4j
     * builds (and debug-logs) an event object for every single call, which dominated the pool's overhead.
     */
    /**
     * The server, port, user or key changed: whatever opened the breaker was about the old one, so an open breaker lets
     * the next call through as a probe of the new one instead of waiting out its open time.
     */
    void probeNow() {
        replacing.lock();
        try {
            if (current.getState() == CircuitBreaker.State.OPEN) {
                current.transitionToHalfOpenState();
            }
        } finally {
            replacing.unlock();
        }
    }

    private void observe(CircuitBreaker cb) {
        CircuitBreaker.State now = cb.getState();
        if (observed.getAndSet(now) != CircuitBreaker.State.OPEN && now == CircuitBreaker.State.OPEN) {
            openedAtNanos = clock.nanoTime();
            breaks.increment();
        }
    }

    private CircuitBreakerConfig config(PoolSettings s, CircuitBreaker.State initial) {
        int n = s.failureThreshold();
        return CircuitBreakerConfig.custom()
                // The default SYNCHRONIZED window: a short, non-blocking monitor section. LOCK_FREE in 2.4.0 throws an
                // NPE for a window of one (threshold 1), found by RdsPoolProperties.
                .slidingWindow(n, n, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                // slowness is the command timeout's business, not the breaker's
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(Duration.ofDays(1))
                .waitDurationInOpenState(s.openDuration())
                .permittedNumberOfCallsInHalfOpenState(s.halfOpenProbes())
                // every permitted call reports in a finally block and commands carry a timeout, so a probe
                // cannot wedge half-open; opening again on a slow but healthy probe would be wrong
                .maxWaitDurationInHalfOpenState(Duration.ZERO)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .initialState(initial)
                .clock(zonedClock)
                .build();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
