package io.srvlab.rds.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.srvlab.rds.routeros.RouterOsCommands;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RdsPoolProperties {

    /**
     * Many threads, random outcomes (success, RouterOS refusal, transport failure): at every sampled instant and at
     * every connect, no more than maxSize sessions exist and no more than maxIdle are idle; no session is used by two
     * callers at once; every call ends exactly once; after close nothing is left open.
     */
    @Property(tries = 12)
    void boundsHoldUnderContention(
            @ForAll @IntRange(min = 1, max = 6) int maxSize,
            @ForAll @IntRange(min = 0, max = 6) int idleWish,
            @ForAll @IntRange(min = 2, max = 12) int threads,
            @ForAll @IntRange(min = 5, max = 30) int opsPerThread)
            throws Exception {
        int maxIdle = Math.min(idleWish, maxSize);
        var settings = PoolFixture.settings().toBuilder()
                .maxSize(maxSize)
                .maxIdle(maxIdle)
                .failureThreshold(100_000)
                .openDuration(Duration.ofSeconds(30))
                .halfOpenProbes(1)
                .validationWindow(Duration.ZERO)
                .build();
        var f = new PoolFixture(settings);
        FakeRouterOs server = f.server();
        AtomicReference<String> violation = new AtomicReference<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                PoolMetrics m = f.pool.metrics();
                if (m.active() > maxSize || m.idle() > maxIdle || server.open.get() > maxSize) {
                    violation.compareAndSet(null, m + " open=" + server.open.get());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(20_000);
            }
        });
        AtomicInteger outcomes = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofVirtual().start(() -> {
                Holder.awaitLatch(start);
                for (int i = 0; i < opsPerThread; i++) {
                    int dice = ThreadLocalRandom.current().nextInt(10);
                    try {
                        f.pool.execute(
                                s -> {
                                    s.exec(RouterOsCommands.identity(), Duration.ofSeconds(1));
                                    if (dice == 0) {
                                        throw new RouterOsException(Kind.TRANSPORT, "lost");
                                    }
                                    if (dice == 1) {
                                        throw new RouterOsException(Kind.NOT_ENOUGH_SPACE, "full");
                                    }
                                    return null;
                                },
                                f.in(Duration.ofSeconds(20)));
                        outcomes.incrementAndGet();
                    } catch (RouterOsException e) {
                        outcomes.incrementAndGet();
                    } catch (PoolException e) {
                        violation.compareAndSet(null, "unexpected " + e);
                    }
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            assertThat(w.join(Duration.ofSeconds(60))).isTrue();
        }
        running.set(false);
        sampler.join();

        assertThat(violation.get()).isNull();
        assertThat(server.misuse).isFalse();
        assertThat(server.maxOpen.get()).isLessThanOrEqualTo(maxSize);
        assertThat(outcomes.get()).isEqualTo(threads * opsPerThread);
        PoolMetrics m = f.pool.metrics();
        assertThat(m.active()).isZero();
        assertThat(m.pending()).isZero();
        assertThat(m.idle()).isLessThanOrEqualTo(maxIdle);
        assertThat(server.open.get()).isEqualTo(m.idle());
        f.close();
        assertThat(server.open).hasValue(0);
        assertThat(f.pool.liveSessions()).isZero();
    }

    /** Sequential calls: the breaker is open exactly when the last {@code threshold} calls failed at transport. */
    @Property(tries = 60)
    void breakerOpensAfterExactlyThresholdConsecutiveFailures(
            @ForAll @IntRange(min = 1, max = 6) int threshold, @ForAll @Size(max = 30) List<Boolean> failures)
            throws Exception {
        var settings = PoolFixture.builder()
                .failureThreshold(threshold)
                .openDuration(Duration.ofMinutes(5))
                .halfOpenProbes(1)
                .build();
        try (var f = new PoolFixture(settings)) {
            int run = 0;
            for (boolean fail : failures) {
                int touched = f.server().commands.get();
                if (run == threshold) {
                    try {
                        f.pool.execute(
                                s -> s.exec(RouterOsCommands.identity(), Duration.ofSeconds(1)),
                                f.in(Duration.ofSeconds(5)));
                        throw new AssertionError("open breaker let a call through");
                    } catch (CircuitOpenException expected) {
                        assertThat(f.server().commands.get()).isEqualTo(touched);
                    }
                    continue;
                }
                try {
                    f.pool.execute(
                            s -> {
                                s.exec(RouterOsCommands.identity(), Duration.ofSeconds(1));
                                if (fail) {
                                    throw new RouterOsException(Kind.TIMEOUT, "timed out");
                                }
                                return null;
                            },
                            f.in(Duration.ofSeconds(5)));
                } catch (RouterOsException expected) {
                    assertThat(fail).isTrue();
                }
                run = fail ? run + 1 : 0;
                assertThat(f.pool.circuitState()).isEqualTo(run == threshold ? CircuitState.OPEN : CircuitState.CLOSED);
            }
            assertThat(f.pool.metrics().circuitBreaks()).isEqualTo(run == threshold ? 1 : 0);
        }
    }

    /** Waiters are served in the order they arrived. */
    @Property(tries = 8)
    void waitersAreServedFirstComeFirstServed(@ForAll @IntRange(min = 2, max = 8) int waiters) throws Exception {
        var settings = PoolFixture.builder().maxSize(1).maxIdle(1).build();
        try (var f = new PoolFixture(settings);
                var holder = new Holder(f.pool)) {
            holder.hold();
            Queue<Integer> served = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                int me = i;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        f.pool.execute(
                                s -> {
                                    served.add(me);
                                    return null;
                                },
                                f.in(Duration.ofSeconds(30)));
                    } catch (Exception e) {
                        served.add(-1);
                    }
                }));
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> f.pool.metrics().pending() == me + 1);
            }
            holder.close();
            for (Thread t : threads) {
                assertThat(t.join(Duration.ofSeconds(10))).isTrue();
            }
            assertThat(served)
                    .containsExactlyElementsOf(
                            java.util.stream.IntStream.range(0, waiters).boxed().toList());
        }
    }

    /** A caller waiting for a session gives up at its deadline, not much earlier and not much later. */
    @Property(tries = 5)
    void deadlineIsRespected(@ForAll @IntRange(min = 50, max = 400) int deadlineMs) throws Exception {
        var settings = PoolFixture.builder().maxSize(1).maxIdle(1).build();
        try (var f = new PoolFixture(settings);
                var holder = new Holder(f.pool)) {
            holder.hold();
            long start = System.nanoTime();
            try {
                f.pool.run(RouterOsCommands.identity(), f.in(Duration.ofMillis(deadlineMs)));
                throw new AssertionError("got a session from a full pool");
            } catch (PoolExhaustedException expected) {
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                // Instant.now() has coarser resolution than nanoTime; the upper bound is generous for a loaded box
                assertThat(ms).isBetween(deadlineMs - 20L, deadlineMs + 1_500L);
            }
        }
    }
}
