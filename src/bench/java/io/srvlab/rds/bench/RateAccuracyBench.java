package io.srvlab.rds.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.pool.PoolSettings;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * (b) Achieved command rate against the configured one, and the burst: 16 callers hammer a pool whose sessions
 * answer at once, for a fixed time. Prints commands in the first 100 ms (burst), the sustained rate after it, and
 * the overall rate. Arguments: seconds (default 60), then rate/burst pairs (default 10/20 50/100).
 */
public final class RateAccuracyBench {
    public static void main(String[] args) throws Exception {
        BenchLogging.quiet();
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        List<int[]> cases = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] p = args[i].split("/");
            cases.add(new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])});
        }
        if (cases.isEmpty()) {
            cases.add(new int[] {10, 20});
            cases.add(new int[] {50, 100});
        }
        for (int[] c : cases) {
            run(c[0], c[1], seconds);
        }
    }

    static void run(int rate, int burst, int seconds) throws Exception {
        PoolSettings settings = PoolSettings.builder(InMemorySession.TARGET)
                .requestsPerSecond(rate)
                .burst(burst)
                .build();
        AtomicLong done = new AtomicLong();
        AtomicLong inBurstWindow = new AtomicLong();
        AtomicLong firstSecond = new AtomicLong();
        try (RdsPool pool =
                new RdsPool("rate", settings, e -> InMemorySession.connector(), new SimpleMeterRegistry())) {
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(seconds).toNanos();
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                callers.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            pool.run(
                                    RouterOsCommands.identity(),
                                    Instant.now().plusMillis((end - System.nanoTime()) / 1_000_000));
                            long at = System.nanoTime() - start;
                            if (at <= end - start) {
                                done.incrementAndGet();
                                if (at < 100_000_000L) inBurstWindow.incrementAndGet();
                                if (at < 1_000_000_000L) firstSecond.incrementAndGet();
                            }
                        } catch (Exception deadlineReached) {
                            return;
                        }
                    }
                }));
            }
            for (Thread t : callers) {
                t.join();
            }
            double sustained = (done.get() - firstSecond.get()) / (double) (seconds - 1);
            System.out.printf(
                    "rate=%d/s burst=%d over %ds: total=%d overall=%.2f/s expected<=%.2f/s sustained(after 1st s)=%.2f/s "
                            + "first100ms=%d first1s=%d (expected burst+rate=%d) rateLimitHits=%d%n",
                    rate,
                    burst,
                    seconds,
                    done.get(),
                    done.get() / (double) seconds,
                    (burst + rate * (double) seconds) / seconds,
                    sustained,
                    inBurstWindow.get(),
                    firstSecond.get(),
                    burst + rate,
                    pool.metrics().rateLimitHits());
        }
    }
}
