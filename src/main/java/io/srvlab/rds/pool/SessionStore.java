package io.srvlab.rds.pool;

import io.srvlab.rds.routeros.RouterOsCommands;
import io.srvlab.rds.routeros.RouterOsConnector;
import io.srvlab.rds.routeros.RouterOsException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sessions of one pool: at most {@code maxSize} exist (leased, idle, or being closed), at most {@code maxIdle}
 * idle. Callers that find none free queue in arrival order and are served strictly first come, first served: a
 * returned session is handed straight to the longest waiter, freed capacity becomes that waiter's right to connect.
 * Network work (connect, validate, close) always happens outside the lock.
 */
final class SessionStore {
    /** One queued caller; granted either a session or the right to open one. */
    private static final class Waiter {
        final Condition signal;
        PooledSession session;
        boolean mayOpen;
        boolean poolClosed;

        Waiter(Condition signal) {
            this.signal = signal;
        }

        boolean granted() {
            return session != null || mayOpen;
        }
    }

    /** A consistent reading of the store, taken under its lock. */
    record Counts(int active, int idle, int waiting, int maxSize) {}

    private final String pool;
    private final PoolClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    /** Head = most recently returned; tail = idle longest. */
    private final ArrayDeque<PooledSession> idle = new ArrayDeque<>();

    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final ConnectorGenerations generations;

    private final Set<PooledSession> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private final LongAdder created = new LongAdder();
    private final LongAdder errors = new LongAdder();
    /** Leased sessions plus slots reserved for a connect in progress. */
    private int busy;
    /** Sessions taken out to be closed; they count against maxSize until they are. */
    private int closing;

    private int maxSize;
    private int maxIdle;
    private boolean closed;
    private volatile long validationWindowNanos;
    private volatile Duration validationTimeout;

    SessionStore(String pool, PoolSettings settings, RouterOsConnector connector, PoolClock clock) {
        this.pool = pool;
        this.clock = clock;
        this.maxSize = settings.maxSize();
        this.maxIdle = settings.maxIdle();
        this.generations = new ConnectorGenerations(connector);
        applyValidation(settings);
    }

    /**
     * A live session of the current connector, leased to the caller; waits up to {@code deadlineNanos} (a
     * {@link PoolClock#nanoTime()} value) for one to be free.
     *
     * @throws RouterOsException when opening a new session failed (the caller's breaker should hear of it)
     */
    PooledSession acquire(long deadlineNanos, Lane lane)
            throws PoolExhaustedException, PoolClosedException, RouterOsException {
        PooledSession candidate = reserve(deadlineNanos, lane);
        if (candidate != null) {
            if (usable(candidate)) {
                return candidate;
            }
            // keep the slot: close the stale session and open a fresh one in its place
            forget(candidate);
            closeSession(candidate);
        }
        return open();
    }

    /**
     * Takes a leased session back. {@code discard} when it failed at transport level or must not be reused; it is
     * then closed, never returned to idle.
     */
    void release(PooledSession session, boolean discard) {
        boolean close;
        lock.lock();
        try {
            session.lastUsedNanos = clock.nanoTime();
            close = discard
                    || closed
                    || session.generation != generations.currentNumber()
                    || busy + idle.size() + closing > maxSize
                    || !session.raw.isOpen();
            if (!close) {
                Waiter next = waiters.pollFirst();
                if (next != null) {
                    next.session = session; // stays busy: ownership moves to the waiter
                    next.signal.signal();
                    return;
                }
                if (idle.size() < maxIdle) {
                    busy--;
                    idle.addFirst(session);
                    return;
                }
                close = true;
            }
            busy--;
            closing++;
            live.remove(session);
        } finally {
            lock.unlock();
        }
        closeSession(session);
        finishClosing(1);
    }

    /** New bounds: surplus idle sessions are closed now, surplus leased ones when they come back. */
    void resize(int newMaxSize, int newMaxIdle) {
        List<PooledSession> surplus = new ArrayList<>();
        lock.lock();
        try {
            maxSize = newMaxSize;
            maxIdle = newMaxIdle;
            while (!idle.isEmpty() && (idle.size() > maxIdle || busy + idle.size() + closing > maxSize)) {
                surplus.add(takeForClosing(idle.pollLast()));
            }
            grantWaiters();
        } finally {
            lock.unlock();
        }
        closeAll(surplus);
    }

    /** Sessions from now on come from {@code connector}; idle ones of the old connector are closed now. */
    void replaceConnector(RouterOsConnector connector) {
        generations.replace(connector);
        List<PooledSession> old = new ArrayList<>();
        lock.lock();
        try {
            while (!idle.isEmpty()) {
                old.add(takeForClosing(idle.pollLast()));
            }
        } finally {
            lock.unlock();
        }
        closeAll(old);
    }

    void applyValidation(PoolSettings settings) {
        validationWindowNanos = settings.validationWindow().toNanos();
        Duration connect = settings.endpoint().connectTimeout();
        validationTimeout = settings.commandTimeout().compareTo(connect) < 0 ? settings.commandTimeout() : connect;
    }

    /** Closes sessions idle for longer than {@code idleTimeout}; returns how many. */
    int evictIdle(Duration idleTimeout) {
        List<PooledSession> expired = new ArrayList<>();
        lock.lock();
        try {
            long now = clock.nanoTime();
            while (!idle.isEmpty() && now - idle.peekLast().lastUsedNanos > idleTimeout.toNanos()) {
                expired.add(takeForClosing(idle.pollLast()));
            }
        } finally {
            lock.unlock();
        }
        closeAll(expired);
        return expired.size();
    }

    /**
     * No new leases; waiters fail with {@link PoolClosedException}; idle sessions close now, leased ones when they
     * come back. Waits up to {@code grace} for the leased ones, then closes whatever is still open.
     */
    void close(Duration grace) {
        List<PooledSession> toClose = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            for (Waiter w : waiters) {
                w.poolClosed = true;
                w.signal.signal();
            }
            waiters.clear();
            while (!idle.isEmpty()) {
                toClose.add(takeForClosing(idle.pollLast()));
            }
        } finally {
            lock.unlock();
        }
        closeAll(toClose);
        lock.lock();
        try {
            long left = grace.toNanos();
            while (busy + closing > 0 && left > 0) {
                left = drained.awaitNanos(left);
            }
            toClose = new ArrayList<>(live);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            toClose = new ArrayList<>(live);
        } finally {
            lock.unlock();
        }
        // still leased after the grace period: the operation on it fails now rather than leak a connection
        toClose.forEach(PooledSession::closeQuietly);
        generations.close();
    }

    Counts counts() {
        lock.lock();
        try {
            return new Counts(busy, idle.size(), waiters.size(), maxSize);
        } finally {
            lock.unlock();
        }
    }

    /** Sessions opened and not yet closed by the pool. */
    int live() {
        lock.lock();
        try {
            return live.size();
        } finally {
            lock.unlock();
        }
    }

    long created() {
        return created.sum();
    }

    long errors() {
        return errors.sum();
    }

    void countError() {
        errors.increment();
    }

    /** An idle session (busy), null for the right to open one (busy), or waits in line for either. */
    private PooledSession reserve(long deadlineNanos, Lane lane) throws PoolExhaustedException, PoolClosedException {
        lock.lock();
        try {
            if (closed) {
                throw new PoolClosedException(pool);
            }
            if (waiters.isEmpty() || lane == Lane.AHEAD) {
                PooledSession s = idle.pollFirst();
                if (s != null) {
                    busy++;
                    return s;
                }
                if (busy + closing < maxSize) {
                    busy++;
                    return null;
                }
            }
            Waiter me = new Waiter(lock.newCondition());
            if (lane == Lane.AHEAD) {
                waiters.addFirst(me);
            } else {
                waiters.addLast(me);
            }
            long left = deadlineNanos - clock.nanoTime();
            try {
                while (!me.granted()) {
                    if (me.poolClosed) {
                        throw new PoolClosedException(pool);
                    }
                    if (left <= 0) {
                        waiters.remove(me);
                        throw new PoolExhaustedException(
                                pool, "no session free within the acquire timeout (maxSize " + maxSize + ")");
                    }
                    left = me.signal.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (!me.granted()) {
                    waiters.remove(me);
                    throw new PoolExhaustedException(pool, "interrupted while waiting for a session", e);
                }
            }
            return me.session;
        } finally {
            lock.unlock();
        }
    }

    /** Opens a session into a slot the caller holds; frees the slot when that fails. */
    private PooledSession open() throws RouterOsException {
        ConnectorGenerations.Generation from = generations.hold();
        PooledSession session = null;
        RuntimeException unexpected = null;
        RouterOsException failure = null;
        try {
            session = new PooledSession(from.connector().connect(), from.number(), clock.nanoTime());
        } catch (RouterOsException e) {
            failure = e;
        } catch (RuntimeException e) {
            unexpected = e;
        }
        lock.lock();
        try {
            if (session != null) {
                live.add(session);
            } else {
                busy--;
                grantWaiters();
                signalIfDrained();
            }
        } finally {
            lock.unlock();
        }
        if (session == null) {
            errors.increment();
            generations.release(from.number());
            if (failure != null) {
                throw failure;
            }
            throw unexpected;
        }
        created.increment();
        return session;
    }

    /**
     * Whether a session taken from idle may be leased: of the current connector, open, and either used recently or
     * answering a cheap command. RouterOS ignores OpenSSH keepalives, hence the command.
     */
    private boolean usable(PooledSession s) {
        if (s.generation != generations.currentNumber() || !s.raw.isOpen()) {
            return false;
        }
        if (clock.nanoTime() - s.lastUsedNanos <= validationWindowNanos) {
            return true;
        }
        try {
            s.raw.exec(RouterOsCommands.identity(), validationTimeout);
            return true;
        } catch (RouterOsException e) {
            if (e.isTransportFailure()) {
                errors.increment();
                return false;
            }
            return true; // it answered
        } catch (RuntimeException e) {
            errors.increment();
            return false;
        }
    }

    private void forget(PooledSession s) {
        lock.lock();
        try {
            live.remove(s);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: moves an idle session to the closing count. */
    private PooledSession takeForClosing(PooledSession s) {
        closing++;
        live.remove(s);
        return s;
    }

    private void closeAll(List<PooledSession> sessions) {
        if (sessions.isEmpty()) {
            return;
        }
        sessions.forEach(this::closeSession);
        finishClosing(sessions.size());
    }

    private void closeSession(PooledSession s) {
        s.closeQuietly();
        generations.release(s.generation);
    }

    private void finishClosing(int n) {
        lock.lock();
        try {
            closing -= n;
            grantWaiters();
            signalIfDrained();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: serves the head of the line while there is an idle session or room for a new one. */
    private void grantWaiters() {
        while (!waiters.isEmpty()) {
            PooledSession s = idle.pollFirst();
            if (s == null && busy + idle.size() + closing >= maxSize) {
                return;
            }
            Waiter w = waiters.pollFirst();
            busy++;
            if (s != null) {
                w.session = s;
            } else {
                w.mayOpen = true;
            }
            w.signal.signal();
        }
    }

    private void signalIfDrained() {
        if (closed && busy + closing == 0) {
            drained.signalAll();
        }
    }
}
