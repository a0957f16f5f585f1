package io.srvlab.rds.scale;

import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.testing.Readiness;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches the RdsVolumes of one namespace from before they are created: classifies every MODIFIED event as a status
 * write, a finalizer write or something else (by comparing with the previous version of the same volume), and
 * notes when each volume first reports {@code Ready=True}.
 */
final class VolumeWatch implements Watcher<RdsVolume> {
    private final Map<String, RdsVolume> last = new ConcurrentHashMap<>();
    private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
    private final AtomicInteger statusWrites = new AtomicInteger();
    private final AtomicInteger finalizerWrites = new AtomicInteger();
    private final AtomicInteger otherWrites = new AtomicInteger();
    private final AtomicLong lastReadyNanos = new AtomicLong();
    private volatile WatcherException closedWith;

    @Override
    public void eventReceived(Action action, RdsVolume volume) {
        long now = System.nanoTime();
        String name = volume.getMetadata().getName();
        RdsVolume previous = last.put(name, volume);
        if (action == Action.MODIFIED && previous != null) {
            boolean status = !json(previous.getStatus()).equals(json(volume.getStatus()));
            boolean finalizers = !Objects.equals(
                    previous.getMetadata().getFinalizers(), volume.getMetadata().getFinalizers());
            if (status) {
                statusWrites.incrementAndGet();
            }
            if (finalizers) {
                finalizerWrites.incrementAndGet();
            }
            if (!status && !finalizers) {
                otherWrites.incrementAndGet();
            }
        }
        if (action != Action.DELETED && Readiness.isReady(volume) && readyAt.putIfAbsent(name, now) == null) {
            lastReadyNanos.accumulateAndGet(now, Math::max);
        }
    }

    @Override
    public void onClose(WatcherException cause) {
        closedWith = cause;
    }

    int ready() {
        return readyAt.size();
    }

    /** {@link System#nanoTime()} of the latest first-Ready event. */
    long lastReadyNanos() {
        return lastReadyNanos.get();
    }

    Counts counts() {
        return new Counts(statusWrites.get(), finalizerWrites.get(), otherWrites.get());
    }

    WatcherException closedWith() {
        return closedWith;
    }

    record Counts(int statusWrites, int finalizerWrites, int otherWrites) {}

    private static String json(Object value) {
        return value == null ? "null" : Serialization.asJson(value);
    }
}
