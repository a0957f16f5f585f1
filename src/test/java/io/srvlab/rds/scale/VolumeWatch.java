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
 * notes when each volume first reports {@code Ready=True}. Stays open across operator restarts.
 */
final class VolumeWatch implements Watcher<RdsVolume> {
    private final Map<String, RdsVolume> last = new ConcurrentHashMap<>();
    private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
    private final Map<String, Integer> statusWritesByName = new ConcurrentHashMap<>();
    private final AtomicInteger creates = new AtomicInteger();
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
        if (action == Action.ADDED && previous == null) {
            creates.incrementAndGet();
        }
        if (action == Action.MODIFIED && previous != null) {
            boolean status = !json(previous.getStatus()).equals(json(volume.getStatus()));
            boolean finalizers = !Objects.equals(
                    previous.getMetadata().getFinalizers(), volume.getMetadata().getFinalizers());
            if (status) {
                statusWrites.incrementAndGet();
                statusWritesByName.merge(name, 1, Integer::sum);
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

    /** {@link System#nanoTime()} of the first event in which {@code name} showed Ready, if it did. */
    Long readyAt(String name) {
        return readyAt.get(name);
    }

    int statusWritesOf(String name) {
        return statusWritesByName.getOrDefault(name, 0);
    }

    /** Every create and update seen: what these volumes cost the API server. */
    long apiWrites() {
        Counts c = counts();
        return creates.get() + (long) c.statusWrites() + c.finalizerWrites() + c.otherWrites();
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

    record Counts(int statusWrites, int finalizerWrites, int otherWrites) {
        Counts minus(Counts earlier) {
            return new Counts(
                    statusWrites - earlier.statusWrites,
                    finalizerWrites - earlier.finalizerWrites,
                    otherWrites - earlier.otherWrites);
        }
    }

    private static String json(Object value) {
        return value == null ? "null" : Serialization.asJson(value);
    }
}
