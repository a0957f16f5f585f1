package io.srvlab.rds.simulator;

import io.srvlab.rds.routeros.CommandOutput;
import io.srvlab.rds.routeros.RouterOsCommand;
import io.srvlab.rds.routeros.RouterOsConnector;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsException.Kind;
import io.srvlab.rds.routeros.RouterOsSession;
import io.srvlab.rds.routeros.SshTarget;
import io.srvlab.rds.simulator.SimulatorKnobs.ErrorStream;
import io.srvlab.rds.simulator.SimulatorKnobs.Fault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link RouterOsSession} without SSH: each command runs through the simulator's CLI against a {@link
 * SimulatedRds} and comes back as the SSH session would return it (streams, exit status, line endings, console
 * width of the login), with the knobs' faults: a fail or busy reply, a dropped connection, a hang until the timeout,
 * a missing exit status, a flood. For tests of the layers above the transport that need milliseconds, not sockets.
 * Not part of the standalone simulator jar: it is the one simulator class that uses the operator's RouterOS types.
 */
public final class SimulatedSession implements RouterOsSession {
    /** The login the operator uses by default: {@code admin} with RouterOS' wide-console options. */
    public static final String WIDE_CONSOLE_LOGIN = "admin" + SshTarget.CONSOLE_SUFFIX;

    private final CliInterpreter interpreter;
    private final SimulatorKnobs knobs;
    private final int width;
    private final Consumer<String> started;
    private final Runnable finished;
    private volatile boolean open = true;

    private SimulatedSession(
            CliInterpreter interpreter,
            SimulatorKnobs knobs,
            String login,
            Consumer<String> started,
            Runnable finished) {
        this.interpreter = interpreter;
        this.knobs = knobs;
        this.width = ConsoleWidth.of(login, knobs);
        this.started = started;
        this.finished = finished;
    }

    /** Sessions on this state and these knobs, logged in as {@code login}; nothing counts their commands. */
    public static RouterOsConnector connector(SimulatedRds rds, SimulatorKnobs knobs, String login) {
        CliInterpreter interpreter = new CliInterpreter(rds, knobs);
        return () -> connect(knobs, () -> new SimulatedSession(interpreter, knobs, login, line -> {}, () -> {}));
    }

    /**
     * Sessions on the state and knobs of {@code simulator}, logged in as {@code login}, whose commands count in its
     * {@link RouterOsSimulator#commands()} and command log as commands over SSH do. Its SSH server need not run.
     */
    public static RouterOsConnector connector(RouterOsSimulator simulator, String login) {
        return () -> connect(
                simulator.knobs(),
                () -> new SimulatedSession(
                        simulator.interpreter(),
                        simulator.knobs(),
                        login,
                        simulator::commandStarted,
                        simulator::commandFinished));
    }

    private static RouterOsSession connect(SimulatorKnobs knobs, Supplier<RouterOsSession> session)
            throws RouterOsException {
        if (knobs.rejectAuth()) {
            throw new RouterOsException(Kind.AUTH_REJECTED, "authentication rejected by the simulator");
        }
        return session.get();
    }

    @Override
    public CommandOutput exec(RouterOsCommand command, Duration timeout) throws RouterOsException {
        if (!open) {
            throw new RouterOsException(Kind.TRANSPORT, "session is closed");
        }
        String line = command.line();
        started.accept(line);
        try {
            Fault fault = knobs.pollFault();
            pause(knobs.commandLatency(), timeout, command);
            String flood = "";
            ChannelReply reply =
                    switch (fault) {
                        case Fault.Drop d -> {
                            open = false;
                            throw new RouterOsException(Kind.TRANSPORT, "connection lost during " + command.name());
                        }
                        case Fault.Hang h -> throw timedOut(timeout, command);
                        case Fault.HangAfterRunning h -> {
                            interpreter.execute(line, width);
                            throw timedOut(timeout, command);
                        }
                        case Fault.Fail f -> ChannelReply.of(f, knobs);
                        case Fault.NoExitStatus n -> {
                            interpreter.execute(line, width);
                            throw new RouterOsException(
                                    Kind.TRANSPORT, "channel closed without an exit status during " + command.name());
                        }
                        case Fault.Flood f -> {
                            flood = flood(f.bytes(), command);
                            yield run(line);
                        }
                        case null -> run(line);
                    };
            return output(flood, reply, command);
        } finally {
            finished.run();
        }
    }

    private ChannelReply run(String line) {
        return ChannelReply.of(interpreter.execute(line, width), knobs, true);
    }

    /** Log lines until at least {@code bytes} are out, ahead of the reply on stdout. */
    private String flood(int bytes, RouterOsCommand command) throws RouterOsException {
        String line = ChannelReply.floodLine(knobs);
        long lines = (bytes + line.length() - 1) / line.length();
        if (lines * line.length() > MAX_OUTPUT_BYTES) {
            throw tooMuchOutput(command);
        }
        return line.repeat((int) lines);
    }

    private static CommandOutput output(String flood, ChannelReply reply, RouterOsCommand command)
            throws RouterOsException {
        boolean toStderr = reply.stream() == ErrorStream.STDERR;
        String stdout = flood + (toStderr ? "" : reply.text());
        String stderr = toStderr ? reply.text() : "";
        if (utf8Length(stdout) > MAX_OUTPUT_BYTES || utf8Length(stderr) > MAX_OUTPUT_BYTES) {
            throw tooMuchOutput(command);
        }
        return new CommandOutput(stdout, stderr, reply.exitStatus());
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Latency as over SSH: a reply later than the timeout is a timeout. */
    private static void pause(Duration latency, Duration timeout, RouterOsCommand command) throws RouterOsException {
        if (latency.isZero()) {
            return;
        }
        sleep(latency.compareTo(timeout) < 0 ? latency : timeout);
        if (latency.compareTo(timeout) >= 0) {
            throw new RouterOsException(Kind.TIMEOUT, command.name() + " did not finish within " + timeout);
        }
    }

    private static RouterOsException timedOut(Duration timeout, RouterOsCommand command) {
        sleep(timeout);
        return new RouterOsException(Kind.TIMEOUT, command.name() + " did not finish within " + timeout);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RouterOsException tooMuchOutput(RouterOsCommand command) {
        return new RouterOsException(
                Kind.UNPARSEABLE,
                command.name() + " printed more than " + MAX_OUTPUT_BYTES + " bytes; output discarded");
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
