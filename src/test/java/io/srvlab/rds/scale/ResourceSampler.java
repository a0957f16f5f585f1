package io.srvlab.rds.scale;

import io.srvlab.rds.testing.MetricsText;
import io.srvlab.rds.testing.OperatorProcess;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Samples the operator's used heap (from /q/metrics) and resident set (from /proc) once a second; keeps the peaks.
 * Follows the operator across a restart (the supplier gives the current process).
 */
final class ResourceSampler implements AutoCloseable {
    private final Supplier<OperatorProcess> operator;
    private final AtomicLong peakHeapBytes = new AtomicLong(-1);
    private final AtomicLong peakLiveHeapBytes = new AtomicLong(-1);
    private final AtomicLong peakRssKiB = new AtomicLong(-1);
    private final AtomicLong rssHighWaterKiB = new AtomicLong(-1);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scale-bench-sampler");
        t.setDaemon(true);
        return t;
    });

    ResourceSampler(Supplier<OperatorProcess> operator) {
        this.operator = operator;
        timer.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    void sample() {
        OperatorProcess current = operator.get();
        String metrics = current.metrics();
        double heap = MetricsText.sum(metrics, "jvm_memory_used_bytes", "area=\"heap\"");
        double live = MetricsText.sum(metrics, "jvm_gc_live_data_size_bytes");
        if (!Double.isNaN(live)) {
            peakLiveHeapBytes.accumulateAndGet((long) live, Math::max);
        }
        if (!Double.isNaN(heap)) {
            peakHeapBytes.accumulateAndGet((long) heap, Math::max);
        }
        var rss = current.rss();
        peakRssKiB.accumulateAndGet(rss.currentKiB(), Math::max);
        rssHighWaterKiB.accumulateAndGet(rss.peakKiB(), Math::max);
    }

    long peakHeapBytes() {
        return peakHeapBytes.get();
    }

    /** The largest old-generation size left by a major collection ({@code jvm_gc_live_data_size_bytes}). */
    long peakLiveHeapBytes() {
        return peakLiveHeapBytes.get();
    }

    long peakRssKiB() {
        return peakRssKiB.get();
    }

    /** The highest {@code VmHWM} seen of any operator process sampled. */
    long rssHighWaterKiB() {
        return rssHighWaterKiB.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
