package io.srvlab.rds.simulator;

import io.srvlab.rds.simulator.SimulatorKnobs.ErrorStream;
import io.srvlab.rds.simulator.SimulatorKnobs.Fault;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** One exec request: applies latency and injected faults, runs the CLI, writes the reply on a virtual thread. */
final class SimulatedCommand implements Command {
    private static final Pattern LOGIN_WIDTH = Pattern.compile("\\+[a-z0-9]*?(\\d+)w");
    private static final String LOG_LINE =
            "17:20:06 echo: system,error,critical login failure for user admin from 10.0.0.9 via ssh";
    private static final String FLOOD_LINE = "13:02:11 echo: system,info log line";
    private static final Duration MAX_HANG = Duration.ofMinutes(10);

    private final String line;
    private final RouterOsSimulator simulator;
    private final CountDownLatch destroyed = new CountDownLatch(1);
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    SimulatedCommand(String line, RouterOsSimulator simulator) {
        this.line = line;
        this.simulator = simulator;
    }

    @Override
    public void setInputStream(InputStream in) {}

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        Thread.ofVirtual().name("rds-sim-command").start(() -> run(channel));
    }

    @Override
    public void destroy(ChannelSession channel) {
        destroyed.countDown();
    }

    private void run(ChannelSession channel) {
        simulator.commandStarted(line);
        try {
            SimulatorKnobs knobs = simulator.knobs();
            Fault fault = knobs.pollFault();
            Duration latency = knobs.commandLatency();
            if (!latency.isZero() && destroyed.await(latency.toNanos(), TimeUnit.NANOSECONDS)) {
                return;
            }
            switch (fault) {
                case Fault.Drop d -> channel.getSession().close(true);
                case Fault.Hang h -> destroyed.await(MAX_HANG.toMillis(), TimeUnit.MILLISECONDS);
                case Fault.HangAfterRunning h -> {
                    simulator
                            .interpreter()
                            .execute(line, width(channel.getSession().getUsername(), knobs));
                    destroyed.await(MAX_HANG.toMillis(), TimeUnit.MILLISECONDS);
                }
                case Fault.Fail f -> reply(f.text() + "\n", f.stream(), f.exitStatus(), knobs);
                case Fault.NoExitStatus n -> {
                    runAndReply(channel, knobs, false);
                    channel.close(false);
                }
                case Fault.Flood f -> {
                    flood(f.bytes(), knobs);
                    runAndReply(channel, knobs, true);
                }
                case null -> runAndReply(channel, knobs, true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            channel.close(true);
        } finally {
            simulator.commandFinished();
        }
    }

    private void runAndReply(ChannelSession channel, SimulatorKnobs knobs, boolean sendExitStatus) throws IOException {
        int width = width(channel.getSession().getUsername(), knobs);
        CliInterpreter.Reply r = simulator.interpreter().execute(line, width);
        if (r.error()) {
            reply(r.text(), knobs.errorStream(), sendExitStatus ? knobs.errorExitStatus() : null, knobs);
        } else {
            reply(withLogLine(r.text(), knobs), ErrorStream.STDOUT, sendExitStatus ? 0 : null, knobs);
        }
    }

    /** {@code status} null: write the reply but send no exit status. */
    private void reply(String text, ErrorStream stream, Integer status, SimulatorKnobs knobs) throws IOException {
        String t = knobs.crlf() ? text.replace("\n", "\r\n") : text;
        OutputStream target = stream == ErrorStream.STDERR ? err : out;
        target.write(t.getBytes(StandardCharsets.UTF_8));
        target.flush();
        if (status != null) {
            exit.onExit(status);
        }
    }

    /** Writes log lines in chunks, so a flood of any size streams under SSH flow control instead of buffering. */
    private void flood(int bytes, SimulatorKnobs knobs) throws IOException {
        String lineEnd = knobs.crlf() ? "\r\n" : "\n";
        byte[] chunk = (FLOOD_LINE + lineEnd).repeat(64).getBytes(StandardCharsets.UTF_8);
        byte[] single = (FLOOD_LINE + lineEnd).getBytes(StandardCharsets.UTF_8);
        long written = 0;
        while (written < bytes) {
            byte[] piece = bytes - written >= chunk.length ? chunk : single;
            out.write(piece);
            written += piece.length;
        }
        out.flush();
    }

    private static String withLogLine(String text, SimulatorKnobs knobs) {
        if (!knobs.interleaveLogLine() || text.isEmpty()) {
            return text;
        }
        int blank = text.indexOf("\n\n");
        if (blank >= 0) {
            return text.substring(0, blank + 1) + LOG_LINE + "\n" + text.substring(blank + 1);
        }
        int firstBreak = text.indexOf('\n');
        return text.substring(0, firstBreak + 1) + LOG_LINE + "\n" + text.substring(firstBreak + 1);
    }

    /** Console width: a {@code user+…<N>w} login option (docs/routeros.md §1.4), else the knob. */
    static int width(String username, SimulatorKnobs knobs) {
        if (knobs.honourLoginWidth() && username != null) {
            Matcher m = LOGIN_WIDTH.matcher(username);
            if (m.find()) {
                return Math.max(20, Math.min(4096, Integer.parseInt(m.group(1))));
            }
        }
        return knobs.wrapWidth();
    }
}
