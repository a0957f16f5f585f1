package io.srvlab.rds.pool;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.srvlab.rds.routeros.CommandOutput;
import io.srvlab.rds.routeros.ConnectorFactory;
import io.srvlab.rds.routeros.RouterOsCommand;
import io.srvlab.rds.routeros.RouterOsException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sessions to one RDS server, shared by every reconcile that talks to it. Each {@link #execute} passes, in
 * order: the circuit breaker, a rate-limit token (waiting up to the deadline, in turn with other {@link Requester}s),
 * a live session (waiting first come, first served up to min(acquireTimeout, deadline)), then the operation. Transport failures and timeouts count
 * against the breaker and the session is closed; RouterOS refusing a command does neither.
 */
public final class RdsPool implements AutoCloseable {
    private static final Duration MIN_SWEEP = Duration.ofMillis(50);
    private static final Duration MAX_SWEEP = Duration.ofSeconds(30);

    private final String name;
    private final ConnectorFactory connectors;
    private final SessionStore store;
    private final RateGate rate;
    private final Breaker breaker;
    private final PoolClock clock;
    private final PoolReadings readings;
    private final PoolMeters meters;
    private final ScheduledExecutorService housekeeper;
    private final boolean ownsHousekeeper;
    private final ReentrantLock reconfiguring = new ReentrantLock();
    private volatile PoolSettings settings;
    private volatile boolean closed;
    private ScheduledFuture<?> sweep;

    /** A pool with its own housekeeping thread. */
    public RdsPool(String name, PoolSettings settings, ConnectorFactory connectors, MeterRegistry registry) {
        this(name, settings, connectors, registry, null, PoolClock.SYSTEM);
    }

    /**
     * @param housekeeper shared scheduler for the idle sweep, or null for a thread of the pool's own; a shared one
     *     is not shut down by {@link #close()}
     * @param clock the one clock of deadlines, waits, idle ages, the rate limit and the breaker
     */
    public RdsPool(
            String name,
            PoolSettings settings,
            ConnectorFactory connectors,
            MeterRegistry registry,
            ScheduledExecutorService housekeeper,
            PoolClock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = new SessionStore(name, settings, connectors.create(settings.endpoint()), clock);
        this.rate = new RateGate(settings, clock);
        this.breaker = new Breaker(name, settings, clock);
        this.ownsHousekeeper = housekeeper == null;
        this.housekeeper = ownsHousekeeper
                ? Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "rds-pool-" + name + "-housekeeper");
                    t.setDaemon(true);
                    return t;
                })
                : housekeeper;
        this.readings = new PoolReadings(store, rate, breaker);
        this.meters = new PoolMeters(Objects.requireNonNull(registry, "registry"), name, readings);
        scheduleSweep(settings.idleTimeout());
    }

    /**
     * Runs {@code operation} on a pooled session.
     *
     * @param deadline when the caller stops caring; bounds the waits for a token and a session (the command itself is
     *     bounded by the command timeout)
     * @throws CircuitOpenException the breaker is open; nothing was sent
     * @throws RateLimitedException no token before the deadline; nothing was sent
     * @throws PoolExhaustedException no session within min(acquireTimeout, deadline); nothing was sent
     * @throws PoolClosedException the pool is closed
     * @throws RouterOsException from connecting or from the operation
     */
    public <T> T execute(SessionOperation<T> operation, Instant deadline) throws PoolException, RouterOsException {
        return execute(operation, deadline, Lane.IN_LINE);
    }

    /** {@link #execute(SessionOperation, Instant)} in the given lane; {@link Lane#AHEAD} takes no rate token. */
    public <T> T execute(SessionOperation<T> operation, Instant deadline, Lane lane)
            throws PoolException, RouterOsException {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(lane, "lane");
        long start = clock.nanoTime();
        long deadlineNanos = start + saturatedNanos(Duration.between(clock.instant(), deadline));
        if (closed) {
            throw new PoolClosedException(name);
        }
        PoolSettings s = settings;
        CircuitBreaker permit = breaker.tryAcquire();
        if (permit == null) {
            throw new CircuitOpenException(
                    name, breaker.remainingOpenTime().orElse(Duration.ZERO), breaker.lastTransportFailure());
        }
        PooledSession pooled;
        try {
            if (lane == Lane.IN_LINE && !rate.acquire(Requester.current(), deadlineNanos - clock.nanoTime())) {
                throw new RateLimitedException(
                        name,
                        "no rate-limit token before the deadline (" + s.requestsPerSecond() + "/s, burst " + s.burst()
                                + ")");
            }
            long sessionDeadline = Math.min(deadlineNanos, clock.nanoTime() + saturatedNanos(s.acquireTimeout()));
            pooled = store.acquire(sessionDeadline, lane);
        } catch (InterruptedException e) {
            breaker.release(permit);
            Thread.currentThread().interrupt();
            throw new RateLimitedException(name, "interrupted while waiting for a token", e);
        } catch (PoolException | RuntimeException e) {
            breaker.release(permit);
            throw e;
        } catch (RouterOsException e) { // the connect failed: the server was asked and did not answer well
            recordOutcome(permit, e, clock.nanoTime() - start);
            throw e;
        }
        long commandStart = clock.nanoTime();
        readings.waited(commandStart - start);
        meters.acquired(commandStart - start);
        LeasedSession lease = new LeasedSession(pooled, s.commandTimeout(), meters, clock);
        RouterOsException failure = null;
        boolean unexpected = false;
        try {
            return operation.apply(lease);
        } catch (RouterOsException e) {
            failure = e;
            throw e;
        } catch (RuntimeException | Error e) {
            unexpected = true;
            throw e;
        } finally {
            lease.end();
            RouterOsException transport = lease.transportFailure() != null
                    ? lease.transportFailure()
                    : failure != null && failure.isTransportFailure() ? failure : null;
            if (transport != null) {
                store.countError();
            }
            store.release(pooled, transport != null || lease.mustDiscard());
            if (transport != null) {
                recordOutcome(permit, transport, clock.nanoTime() - commandStart);
            } else if (unexpected) {
                breaker.release(permit);
            } else {
                recordOutcome(permit, failure, clock.nanoTime() - commandStart);
            }
        }
    }

    /** Runs one command on a pooled session. */
    public CommandOutput run(RouterOsCommand command, Instant deadline) throws PoolException, RouterOsException {
        return execute(session -> session.exec(command, settings.commandTimeout()), deadline);
    }

    /**
     * Applies new settings without failing operations in flight: rate and burst in place (tokens kept), breaker
     * thresholds with its state carried over, size bounds (surplus idle sessions close now, surplus leased ones on
     * return), and on a new endpoint a new connector whose sessions replace the old ones as those drain.
     *
     * @return whether anything changed; false for equal settings or a closed pool
     */
    public boolean reconfigure(PoolSettings next) {
        Objects.requireNonNull(next, "settings");
        reconfiguring.lock();
        try {
            SettingsChange change = SettingsChange.between(settings, next);
            if (closed || !change.any()) {
                return false;
            }
            if (change.endpoint()) {
                store.replaceConnector(connectors.create(next.endpoint()));
            }
            if (change.rate()) {
                rate.reconfigure(next);
            }
            if (change.breaker()) {
                breaker.reconfigure(next);
            }
            if (change.endpoint()) {
                breaker.probeNow();
            }
            store.applyValidation(next);
            settings = next;
            if (change.size()) {
                store.resize(next.maxSize(), next.maxIdle());
            }
            if (change.idleTimeout()) {
                scheduleSweep(next.idleTimeout());
            }
            return true;
        } finally {
            reconfiguring.unlock();
        }
    }

    public PoolSettings settings() {
        return settings;
    }

    public String name() {
        return name;
    }

    public CircuitState circuitState() {
        return breaker.state();
    }

    /** How long the breaker stays open; empty when closed. */
    public Optional<Duration> remainingOpenTime() {
        return breaker.remainingOpenTime();
    }

    public PoolMetrics metrics() {
        return readings.read();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Drains: no new leases, waiters fail with {@link PoolClosedException}, idle sessions close now, leased ones
     * when their operation ends (forcibly after the command timeout). Removes the pool's meters.
     */
    @Override
    public void close() {
        reconfiguring.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (sweep != null) {
                sweep.cancel(false);
            }
        } finally {
            reconfiguring.unlock();
        }
        store.close(settings.commandTimeout());
        if (ownsHousekeeper) {
            housekeeper.shutdownNow();
        }
        meters.remove();
    }

    /** Sessions opened and not yet closed; for tests that look for leaks. */
    int liveSessions() {
        return store.live();
    }

    int evictIdleNow() {
        return store.evictIdle(settings.idleTimeout());
    }

    private void recordOutcome(CircuitBreaker permit, RouterOsException failure, long nanos) {
        if (failure != null && failure.isTransportFailure()) {
            breaker.onTransportFailure(nanos, failure);
        } else {
            breaker.onSuccess(nanos); // no failure, or RouterOS answered with a refusal: the server is fine
        }
    }

    private void scheduleSweep(Duration idleTimeout) {
        if (sweep != null) {
            sweep.cancel(false);
        }
        Duration period = idleTimeout.dividedBy(2);
        if (period.compareTo(MIN_SWEEP) < 0) {
            period = MIN_SWEEP;
        } else if (period.compareTo(MAX_SWEEP) > 0) {
            period = MAX_SWEEP;
        }
        sweep = housekeeper.scheduleWithFixedDelay(
                () -> store.evictIdle(settings.idleTimeout()),
                period.toNanos(),
                period.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE / 4 : Long.MAX_VALUE / 4;
        }
    }
}
