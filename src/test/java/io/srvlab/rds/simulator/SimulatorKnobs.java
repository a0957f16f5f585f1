package io.srvlab.rds.simulator;

import java.time.Duration;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything a test (or {@link Main}) can turn on the simulator. Thread-safe; changes apply to the next handshake or
 * command. Defaults model docs/routeros.md or, where it says "guess", the choice documented on each field.
 */
public final class SimulatorKnobs {

    /** Where RouterOS error text goes (docs/routeros.md §1.5: unconfirmed; stdout per third-party evidence). */
    public enum ErrorStream {
        STDOUT,
        STDERR
    }

    /** One injected fault, consumed by the next command. */
    public sealed interface Fault {
        record Fail(String text, ErrorStream stream, int exitStatus) implements Fault {}

        /** The connection is dropped without any reply. */
        record Drop() implements Fault {}

        /** The command never completes until the client closes the channel. */
        record Hang() implements Fault {}

        /** The command takes effect, but its reply never comes (a stalled link): the client cannot know it ran. */
        record HangAfterRunning() implements Fault {}

        /** The command runs and replies, then the channel closes without an exit-status message. */
        record NoExitStatus() implements Fault {}

        /** The command prints at least {@code bytes} bytes of console log lines before its real reply. */
        record Flood(int bytes) implements Fault {}
    }

    public static final String DEFAULT_FLAGS_HEADER =
            "Flags: X - disabled; B - block-device; M - mounted; t - nvme-tcp-export";
    public static final int DEFAULT_WRAP_WIDTH = 78;

    private volatile Duration handshakeLatency = Duration.ZERO;
    private volatile Duration commandLatency = Duration.ZERO;
    private volatile boolean crlf = true;
    private volatile int wrapWidth = DEFAULT_WRAP_WIDTH;
    private volatile boolean honourLoginWidth = true;
    private volatile ErrorStream errorStream = ErrorStream.STDOUT;
    private volatile int errorExitStatus = 0;
    private volatile boolean rejectAuth;
    private volatile boolean diskFull;
    private volatile int maxSessions = Integer.MAX_VALUE;
    private volatile String flagsHeader = DEFAULT_FLAGS_HEADER;
    private volatile String duplicateSlotError = "failure: already have such entry";
    private volatile String existingFileError = "failure: file already exists";
    private volatile String notEnoughSpaceError = "failure: not enough space";
    private volatile String emptyFindError;
    private volatile boolean interleaveLogLine;
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private volatile RandomFailures randomFailures;
    private final AtomicLong faultsServed = new AtomicLong();
    private final SubvolumeKnobs subvolumes = new SubvolumeKnobs();

    /** Each command fails with {@code probability}; seeded, so a single-threaded sequence is reproducible. */
    private record RandomFailures(double probability, String text, Random random) {
        Fault next() {
            synchronized (random) {
                return random.nextDouble() < probability ? new Fault.Fail(text, ErrorStream.STDOUT, 0) : null;
            }
        }
    }

    /** Restores every default and clears queued faults. */
    public void reset() {
        handshakeLatency = Duration.ZERO;
        commandLatency = Duration.ZERO;
        crlf = true;
        wrapWidth = DEFAULT_WRAP_WIDTH;
        honourLoginWidth = true;
        errorStream = ErrorStream.STDOUT;
        errorExitStatus = 0;
        rejectAuth = false;
        diskFull = false;
        maxSessions = Integer.MAX_VALUE;
        flagsHeader = DEFAULT_FLAGS_HEADER;
        duplicateSlotError = "failure: already have such entry";
        existingFileError = "failure: file already exists";
        notEnoughSpaceError = "failure: not enough space";
        emptyFindError = null;
        interleaveLogLine = false;
        faults.clear();
        randomFailures = null;
        faultsServed.set(0);
        subvolumes.reset();
    }

    /** Switches for undocumented Btrfs subvolume and attach behaviour. */
    public SubvolumeKnobs subvolumes() {
        return subvolumes;
    }

    /** The next {@code n} commands print {@code text} on {@code stream} and exit with {@code exitStatus}. */
    public SimulatorKnobs failNext(int n, String text, ErrorStream stream, int exitStatus) {
        for (int i = 0; i < n; i++) {
            faults.add(new Fault.Fail(text, stream, exitStatus));
        }
        return this;
    }

    /** The next {@code n} commands drop the whole SSH connection without replying. */
    public SimulatorKnobs dropNext(int n) {
        for (int i = 0; i < n; i++) {
            faults.add(new Fault.Drop());
        }
        return this;
    }

    /** The next {@code n} commands hang until the client gives up and closes the channel. */
    public SimulatorKnobs hangNext(int n) {
        for (int i = 0; i < n; i++) {
            faults.add(new Fault.Hang());
        }
        return this;
    }

    /**
     * The next {@code n} commands run (a {@code /disk add} creates its disk) but never reply until the client gives
     * up and closes the channel.
     */
    public SimulatorKnobs hangAfterRunningNext(int n) {
        for (int i = 0; i < n; i++) {
            faults.add(new Fault.HangAfterRunning());
        }
        return this;
    }

    /**
     * The next {@code n} commands run, take effect and print their reply, but the channel then closes without an
     * exit status, so the client cannot tell success from an aborted command.
     */
    public SimulatorKnobs noExitStatusNext(int n) {
        for (int i = 0; i < n; i++) {
            faults.add(new Fault.NoExitStatus());
        }
        return this;
    }

    /** The next {@code n} commands print at least {@code bytes} bytes of console log lines before their real reply. */
    public SimulatorKnobs floodNext(int n, int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        for (int i = 0; i < n; i++) {
            faults.add(new Fault.Flood(bytes));
        }
        return this;
    }

    /**
     * From now on each command (with no queued fault) fails with {@code text} with the given probability, drawn from a
     * random sequence seeded with {@code seed}; 0 turns it off.
     */
    public SimulatorKnobs failRandomly(double probability, String text, long seed) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be within 0..1: " + probability);
        }
        randomFailures = probability == 0 ? null : new RandomFailures(probability, text, new Random(seed));
        return this;
    }

    Fault pollFault() {
        Fault fault = faults.poll();
        if (fault == null && randomFailures != null) {
            fault = randomFailures.next();
        }
        if (fault != null) {
            faultsServed.incrementAndGet();
        }
        return fault;
    }

    /** Faults (queued or random) that commands have met since the last reset. */
    public long faultsServed() {
        return faultsServed.get();
    }

    public int pendingFaults() {
        return faults.size();
    }

    public Duration handshakeLatency() {
        return handshakeLatency;
    }

    /** Added once per connection, before authentication completes. */
    public SimulatorKnobs handshakeLatency(Duration d) {
        handshakeLatency = d;
        return this;
    }

    public Duration commandLatency() {
        return commandLatency;
    }

    public SimulatorKnobs commandLatency(Duration d) {
        commandLatency = d;
        return this;
    }

    public boolean crlf() {
        return crlf;
    }

    /** CRLF line endings (default, docs/routeros.md §1.2) or bare LF. */
    public SimulatorKnobs crlf(boolean on) {
        crlf = on;
        return this;
    }

    public int wrapWidth() {
        return wrapWidth;
    }

    /** Console width used when the login name carries no {@code <N>w} option (default 78, docs/routeros.md §1.3). */
    public SimulatorKnobs wrapWidth(int columns) {
        if (columns < 20) {
            throw new IllegalArgumentException("wrap width below 20 columns");
        }
        wrapWidth = columns;
        return this;
    }

    public boolean honourLoginWidth() {
        return honourLoginWidth;
    }

    /** Whether a {@code user+…512w} login widens the console (docs/routeros.md §1.4); off = always {@link #wrapWidth()}. */
    public SimulatorKnobs honourLoginWidth(boolean on) {
        honourLoginWidth = on;
        return this;
    }

    public ErrorStream errorStream() {
        return errorStream;
    }

    public SimulatorKnobs errorStream(ErrorStream stream) {
        errorStream = stream;
        return this;
    }

    public int errorExitStatus() {
        return errorExitStatus;
    }

    /** Exit status of commands that fail with RouterOS error text (default 0; unconfirmed, docs/routeros.md §1.5). */
    public SimulatorKnobs errorExitStatus(int status) {
        errorExitStatus = status;
        return this;
    }

    public boolean rejectAuth() {
        return rejectAuth;
    }

    public SimulatorKnobs rejectAuth(boolean on) {
        rejectAuth = on;
        return this;
    }

    public boolean diskFull() {
        return diskFull;
    }

    /** Every {@code /disk add} and growing {@code set} fails with {@link #notEnoughSpaceError()}. */
    public SimulatorKnobs diskFull(boolean on) {
        diskFull = on;
        return this;
    }

    public int maxSessions() {
        return maxSessions;
    }

    /** Connections beyond this many concurrent sessions are closed right after they open. */
    public SimulatorKnobs maxSessions(int n) {
        maxSessions = n;
        return this;
    }

    public String flagsHeader() {
        return flagsHeader;
    }

    /** Header line printed before {@code print detail} items, also when nothing matched; null = none. */
    public SimulatorKnobs flagsHeader(String header) {
        flagsHeader = header;
        return this;
    }

    public String duplicateSlotError() {
        return duplicateSlotError;
    }

    /** Reply to {@code /disk add} with a slot that exists (real text unknown, docs/routeros.md §2.7). */
    public SimulatorKnobs duplicateSlotError(String text) {
        duplicateSlotError = text;
        return this;
    }

    public String existingFileError() {
        return existingFileError;
    }

    /** Reply to {@code /disk add} whose file exists; null = attach the existing file (real behaviour unknown). */
    public SimulatorKnobs existingFileError(String text) {
        existingFileError = text;
        return this;
    }

    public String notEnoughSpaceError() {
        return notEnoughSpaceError;
    }

    public SimulatorKnobs notEnoughSpaceError(String text) {
        notEnoughSpaceError = text;
        return this;
    }

    public String emptyFindError() {
        return emptyFindError;
    }

    /** Reply when {@code set/remove [find …]} matches nothing; null (default) = silent success (docs/routeros.md §2.6 guess). */
    public SimulatorKnobs emptyFindError(String text) {
        emptyFindError = text;
        return this;
    }

    public boolean interleaveLogLine() {
        return interleaveLogLine;
    }

    /** Put a console {@code echo:} log line into print output (docs/routeros.md §3.5). */
    public SimulatorKnobs interleaveLogLine(boolean on) {
        interleaveLogLine = on;
        return this;
    }
}
