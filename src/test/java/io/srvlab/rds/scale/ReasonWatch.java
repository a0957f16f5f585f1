package io.srvlab.rds.scale;

import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.testing.Readiness;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the fair-share phase reads of a namespace's volumes from one watch (no list of thousands of volumes on a busy
 * API server): which ones the operator has taken up (its finalizer is on them), when each was first Ready, and each
 * one's latest Ready reason.
 */
final class ReasonWatch implements Watcher<RdsVolume> {
    private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
    private final Map<String, String> reasons = new ConcurrentHashMap<>();
    private final Map<String, Boolean> takenUp = new ConcurrentHashMap<>();

    @Override
    public void eventReceived(Action action, RdsVolume volume) {
        long now = System.nanoTime();
        String name = volume.getMetadata().getName();
        if (action == Action.DELETED) {
            return;
        }
        if (volume.getMetadata().getFinalizers() != null
                && !volume.getMetadata().getFinalizers().isEmpty()) {
            takenUp.put(name, true);
        }
        Readiness.ready(volume).ifPresent(ready -> reasons.put(name, String.valueOf(ready.getReason())));
        if (Readiness.isReady(volume)) {
            readyAt.putIfAbsent(name, now);
        }
    }

    @Override
    public void onClose(WatcherException cause) {}

    int takenUp() {
        return takenUp.size();
    }

    int ready() {
        return readyAt.size();
    }

    Long readyAt(String name) {
        return readyAt.get(name);
    }

    long withReason(String reason) {
        return reasons.values().stream().filter(reason::equals).count();
    }
}
