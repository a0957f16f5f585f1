package io.srvlab.rds.pool;

import io.srvlab.rds.routeros.RouterOsConnector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connector new sessions come from, and the replaced ones that still have sessions out. Every session and every
 * connect in progress holds its generation; a replaced connector is closed (an SSH connector owns a client and its
 * threads) once the last holder lets go, never under a connect in progress.
 */
final class ConnectorGenerations {
    record Generation(RouterOsConnector connector, long number) {}

    private final ReentrantLock lock = new ReentrantLock();
    /** Sessions open plus connects in progress, by generation number. */
    private final Map<Long, Integer> holders = new HashMap<>();

    private final List<Generation> retiring = new ArrayList<>();
    private volatile Generation current;
    private boolean closed;

    ConnectorGenerations(RouterOsConnector connector) {
        this.current = new Generation(connector, 0);
    }

    long currentNumber() {
        return current.number();
    }

    /** The current generation, held until {@link #release} (a failed connect) or until its session is closed. */
    Generation hold() {
        lock.lock();
        try {
            Generation g = current;
            holders.merge(g.number(), 1, Integer::sum);
            return g;
        } finally {
            lock.unlock();
        }
    }

    /** A session of {@code generation} is closed, or its connect failed. */
    void release(long generation) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            holders.merge(generation, -1, (a, b) -> a + b == 0 ? null : a + b);
        } finally {
            lock.unlock();
        }
        if (generation != current.number()) {
            closeRetired();
        }
    }

    /** Sessions from now on come from {@code connector}; the old one closes once nothing holds it. */
    void replace(RouterOsConnector connector) {
        lock.lock();
        try {
            retiring.add(current);
            current = new Generation(connector, current.number() + 1);
        } finally {
            lock.unlock();
        }
        closeRetired();
    }

    /** Closes every connector, held or not; releases after this are ignored. */
    void close() {
        List<Generation> all;
        lock.lock();
        try {
            closed = true;
            all = new ArrayList<>(retiring);
            retiring.clear();
            all.add(current);
        } finally {
            lock.unlock();
        }
        all.forEach(g -> closeConnector(g.connector()));
    }

    private void closeRetired() {
        List<Generation> done = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            for (var it = retiring.iterator(); it.hasNext(); ) {
                Generation g = it.next();
                if (!holders.containsKey(g.number())) {
                    done.add(g);
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
        done.forEach(g -> closeConnector(g.connector()));
    }

    private static void closeConnector(RouterOsConnector connector) {
        if (connector instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort: nothing of it is in use any more
            }
        }
    }
}
