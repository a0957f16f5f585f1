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
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** One exec request: applies latency and injected faults, runs the CLI, writes the reply on a virtual thread. */
final class SimulatedCommand implements Command {
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
                            .execute(line, ConsoleWidth.of(channel.getSession().getUsername(), knobs));
                    destroyed.await(MAX_HANG.toMillis(), TimeUnit.MILLISECONDS);
                }
                case Fault.Fail f -> reply(ChannelReply.of(f, knobs));
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
        int width = ConsoleWidth.of(channel.getSession().getUsername(), knobs);
        reply(ChannelReply.of(simulator.interpreter().execute(line, width), knobs, sendExitStatus));
    }

    private void reply(ChannelReply r) throws IOException {
        OutputStream target = r.stream() == ErrorStream.STDERR ? err : out;
        target.write(r.text().getBytes(StandardCharsets.UTF_8));
        target.flush();
        if (r.exitStatus() != null) {
            exit.onExit(r.exitStatus());
        }
    }

    /** Writes log lines in chunks, so a flood of any size streams under SSH flow control instead of buffering. */
    private void flood(int bytes, SimulatorKnobs knobs) throws IOException {
        String line = ChannelReply.floodLine(knobs);
        byte[] chunk = line.repeat(64).getBytes(StandardCharsets.UTF_8);
        byte[] single = line.getBytes(StandardCharsets.UTF_8);
        long written = 0;
        while (written < bytes) {
            byte[] piece = bytes - written >= chunk.length ? chunk : single;
            out.write(piece);
            written += piece.length;
        }
        out.flush();
    }
}
