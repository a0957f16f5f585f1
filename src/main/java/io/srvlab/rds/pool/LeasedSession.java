package io.srvlab.rds.pool;

import io.srvlab.rds.routeros.CommandOutput;
import io.srvlab.rds.routeros.RouterOsCommand;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsSession;
import java.time.Duration;
import java.util.Locale;

/**
 * What an operation sees of its pooled session: every command is capped at the pool's command timeout and timed,
 * a transport failure marks the session for disposal, and the view is dead once the lease is over.
 */
final class LeasedSession implements RouterOsSession {
    private final PooledSession pooled;
    private final Duration commandTimeout;
    private final PoolMeters meters;
    private final PoolClock clock;
    private volatile boolean ended;
    private volatile boolean closeRequested;
    private volatile RouterOsException transportFailure;

    LeasedSession(PooledSession pooled, Duration commandTimeout, PoolMeters meters, PoolClock clock) {
        this.pooled = pooled;
        this.commandTimeout = commandTimeout;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public CommandOutput exec(RouterOsCommand command, Duration timeout) throws RouterOsException {
        if (ended) {
            throw new IllegalStateException("session used after its lease ended");
        }
        Duration bounded = timeout == null || timeout.compareTo(commandTimeout) > 0 ? commandTimeout : timeout;
        long start = clock.nanoTime();
        try {
            CommandOutput out = pooled.raw.exec(command, bounded);
            meters.command(command.name(), "ok", clock.nanoTime() - start);
            return out;
        } catch (RouterOsException e) {
            meters.command(command.name(), e.kind().name().toLowerCase(Locale.ROOT), clock.nanoTime() - start);
            if (e.isTransportFailure()) {
                transportFailure = e;
            }
            throw e;
        }
    }

    @Override
    public boolean isOpen() {
        return !ended && pooled.raw.isOpen();
    }

    @Override
    public String hostKeyFingerprint() {
        return pooled.raw.hostKeyFingerprint();
    }

    /** The operation does not want this session reused; the pool closes it when the lease ends. */
    @Override
    public void close() {
        closeRequested = true;
    }

    RouterOsException transportFailure() {
        return transportFailure;
    }

    boolean mustDiscard() {
        return transportFailure != null || closeRequested;
    }

    void end() {
        ended = true;
    }
}
