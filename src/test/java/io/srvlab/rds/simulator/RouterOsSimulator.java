package io.srvlab.rds.simulator;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;

/**
 * A RouterOS/RDS stand-in over real SSH: a MINA {@link SshServer} on a loopback address with public-key auth, an
 * in-memory {@link SimulatedRds}, and {@link SimulatorKnobs} for latency and faults. Counts handshakes and commands
 * so tests and benchmarks can assert on them.
 */
public final class RouterOsSimulator implements AutoCloseable {
    private static final AttributeKey<Boolean> DELAYED = new AttributeKey<>();
    private static final int MAX_LOGGED_COMMANDS = 10_000;

    private final SimulatorKnobs knobs = new SimulatorKnobs();
    private final SimulatedRds rds = new SimulatedRds();
    private final CliInterpreter interpreter = new CliInterpreter(rds, knobs);
    private final KeyPair hostKey;
    private final List<PublicKey> authorizedKeys;
    private final String user;
    private volatile SshServer server;

    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong authentications = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicInteger activeSessions = new AtomicInteger();
    private final AtomicInteger peakSessions = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    /** Guarded by itself, so a line's number and its place in the log agree. */
    private final Deque<LoggedCommand> commandLog = new ArrayDeque<>();

    /** A command line and its number: 1 for the first command since start or {@link #reset()}. */
    private record LoggedCommand(long number, String line) {}

    /**
     * @param hostKey the server's key pair (its public half is what clients pin)
     * @param authorizedKeys client keys allowed to log in; empty = any key (standalone use only)
     * @param user the login name, without RouterOS {@code +} options; null = any
     */
    public RouterOsSimulator(
            String bindAddress, int port, KeyPair hostKey, Collection<PublicKey> authorizedKeys, String user) {
        this.hostKey = hostKey;
        this.authorizedKeys = List.copyOf(authorizedKeys);
        this.user = user;
        server = newServer(bindAddress, port);
    }

    private SshServer newServer(String bindAddress, int port) {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(bindAddress);
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator(this::authenticate);
        server.setCommandFactory((channel, command) -> new SimulatedCommand(command, this));
        // Handshake latency blocks a worker thread; keep enough of them for concurrent connects.
        CoreModuleProperties.NIO_WORKERS.set(server, 32);
        // Latency is what the knobs say: Nagle's algorithm would add ~40 ms of delayed-ACK wait to most commands.
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                handshakes.incrementAndGet();
                int active = activeSessions.incrementAndGet();
                peakSessions.accumulateAndGet(active, Math::max);
                if (active > knobs.maxSessions()) {
                    session.close(true);
                }
            }

            @Override
            public void sessionClosed(Session session) {
                activeSessions.decrementAndGet();
            }
        });
        return server;
    }

    public RouterOsSimulator start() throws IOException {
        server.start();
        return this;
    }

    /**
     * The appliance crashes: the listener and every open session close at once (clients see the connection reset).
     * Disks, files, knobs and counters are kept for {@link #restart()}.
     */
    public void kill() throws IOException {
        server.stop(true);
    }

    /** Boots again on the same address and port with the same host key and the state {@link #kill()} left. */
    public RouterOsSimulator restart() throws IOException {
        SshServer next = newServer(server.getHost(), server.getPort());
        next.start();
        server = next;
        return this;
    }

    public boolean isRunning() {
        return server.isStarted();
    }

    public int port() {
        return server.getPort();
    }

    public String host() {
        return server.getHost();
    }

    public SimulatorKnobs knobs() {
        return knobs;
    }

    public SimulatedRds rds() {
        return rds;
    }

    CliInterpreter interpreter() {
        return interpreter;
    }

    private boolean authenticate(String username, PublicKey key, ServerSession session) {
        Duration latency = knobs.handshakeLatency();
        if (!latency.isZero() && session.getAttribute(DELAYED) == null) {
            session.setAttribute(DELAYED, Boolean.TRUE);
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (knobs.rejectAuth()) {
            return false;
        }
        String login = username.contains("+") ? username.substring(0, username.indexOf('+')) : username;
        if (user != null && !user.equals(login)) {
            return false;
        }
        boolean ok = authorizedKeys.isEmpty() || authorizedKeys.stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
        if (ok && session.getAttribute(AUTHENTICATED) == null) {
            session.setAttribute(AUTHENTICATED, Boolean.TRUE);
            authentications.incrementAndGet();
        }
        return ok;
    }

    private static final AttributeKey<Boolean> AUTHENTICATED = new AttributeKey<>();

    void commandStarted(String line) {
        int n = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(n, Math::max);
        synchronized (commandLog) {
            commandLog.addLast(new LoggedCommand(commands.incrementAndGet(), line));
            while (commandLog.size() > MAX_LOGGED_COMMANDS) {
                commandLog.pollFirst();
            }
        }
        listeners.forEach(listener -> listener.accept(line));
    }

    /**
     * Hands every command line received from now on to {@code listener} (on the thread that runs the command), until
     * the returned handle is closed: a record of any length, where {@link #commandLog()} keeps only the last 10 000.
     */
    public AutoCloseable listen(Consumer<String> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void commandFinished() {
        inFlight.decrementAndGet();
    }

    /** TCP connections accepted (each one is an SSH key exchange). */
    public long handshakes() {
        return handshakes.get();
    }

    /** Sessions that authenticated successfully. */
    public long authentications() {
        return authentications.get();
    }

    /** Exec requests received (including ones that failed or were injected). */
    public long commands() {
        return commands.get();
    }

    public int activeSessions() {
        return activeSessions.get();
    }

    public int peakSessions() {
        return peakSessions.get();
    }

    public int inFlightCommands() {
        return inFlight.get();
    }

    public int peakInFlightCommands() {
        return peakInFlight.get();
    }

    /** The last (up to 10 000) command lines, oldest first. */
    public List<String> commandLog() {
        synchronized (commandLog) {
            return commandLog.stream().map(LoggedCommand::line).toList();
        }
    }

    /**
     * Every command line received after {@link #commands()} returned {@code mark}, oldest first: a complete window,
     * or an {@link IllegalStateException} when some of those lines have already dropped out of the log.
     */
    public List<String> commandLogSince(long mark) {
        synchronized (commandLog) {
            LoggedCommand oldest = commandLog.peekFirst();
            if (oldest != null && oldest.number() > mark + 1) {
                throw new IllegalStateException("the command log keeps the last " + MAX_LOGGED_COMMANDS
                        + " commands; " + (oldest.number() - mark - 1) + " after command " + mark
                        + " are gone");
            }
            return commandLog.stream()
                    .filter(c -> c.number() > mark)
                    .map(LoggedCommand::line)
                    .toList();
        }
    }

    /** Clears state, knobs and counters (not the open sessions). */
    public void reset() {
        knobs.reset();
        rds.reset();
        handshakes.set(0);
        authentications.set(0);
        synchronized (commandLog) {
            commands.set(0);
            commandLog.clear();
        }
        peakSessions.set(activeSessions.get());
        peakInFlight.set(inFlight.get());
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
