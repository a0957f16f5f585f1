package io.srvlab.rds.scale;

import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.srvlab.rds.api.RdsPoolConfig;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Every version of one RdsPoolConfig seen by a watch, with the time it arrived: for "first time X after the edit". */
final class PoolConfigWatch implements Watcher<RdsPoolConfig> {
    private record Seen(long nanos, RdsPoolConfig config) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    @Override
    public void eventReceived(Action action, RdsPoolConfig config) {
        if (action != Action.DELETED) {
            seen.add(new Seen(System.nanoTime(), config));
        }
    }

    @Override
    public void onClose(WatcherException cause) {}

    /** When a version arriving at or after {@code sinceNanos} first matched. */
    OptionalLong firstAfter(long sinceNanos, Predicate<RdsPoolConfig> test) {
        for (Seen s : seen) {
            if (s.nanos() >= sinceNanos && test.test(s.config())) {
                return OptionalLong.of(s.nanos());
            }
        }
        return OptionalLong.empty();
    }

    /** Updates seen (the first ADDED event is not one). */
    long writes() {
        return Math.max(0, seen.size() - 1);
    }

    RdsPoolConfig latest() {
        return seen.isEmpty() ? null : seen.getLast().config();
    }
}
