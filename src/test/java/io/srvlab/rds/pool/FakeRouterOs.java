package io.srvlab.rds.pool;

import io.srvlab.rds.routeros.CommandOutput;
import io.srvlab.rds.routeros.RouterOsCommand;
import io.srvlab.rds.routeros.RouterOsConnector;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory RouterOS for pool tests: counts connects, open sessions and commands; can go down. */
final class FakeRouterOs implements RouterOsConnector, AutoCloseable {
    final AtomicInteger connects = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger maxOpen = new AtomicInteger();
    /** Every exec, including the pool's own validation commands. */
    final AtomicInteger commands = new AtomicInteger();
    /** Set when two threads used one session at once, or a closed session was used. */
    final AtomicBoolean misuse = new AtomicBoolean();

    final List<Session> sessions = new CopyOnWriteArrayList<>();
    volatile boolean down;
    /** Set when the pool closed this connector (after its last session went). */
    volatile boolean connectorClosed;

    final String label;

    FakeRouterOs() {
        this("fake");
    }

    FakeRouterOs(String label) {
        this.label = label;
    }

    @Override
    public RouterOsSession connect() throws RouterOsException {
        connects.incrementAndGet();
        if (down) {
            throw new RouterOsException(RouterOsException.Kind.TRANSPORT, "connection refused");
        }
        Session s = new Session();
        sessions.add(s);
        int now = open.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
        return s;
    }

    @Override
    public void close() {
        connectorClosed = true;
    }

    /** Drops every open session server-side, as a restart of the device would. */
    void killSessions() {
        sessions.forEach(s -> s.broken = true);
    }

    final class Session implements RouterOsSession {
        final AtomicBoolean inUse = new AtomicBoolean();
        final AtomicBoolean closed = new AtomicBoolean();
        volatile boolean broken;

        String label() {
            return label;
        }

        @Override
        public CommandOutput exec(RouterOsCommand command, Duration timeout) throws RouterOsException {
            if (closed.get() || !inUse.compareAndSet(false, true)) {
                misuse.set(true);
                throw new IllegalStateException("session misuse");
            }
            try {
                commands.incrementAndGet();
                if (broken || down) {
                    broken = true;
                    throw new RouterOsException(RouterOsException.Kind.TRANSPORT, "connection reset");
                }
                return new CommandOutput("name: " + label, "", 0);
            } finally {
                inUse.set(false);
            }
        }

        @Override
        public boolean isOpen() {
            return !closed.get();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
        }
    }
}
