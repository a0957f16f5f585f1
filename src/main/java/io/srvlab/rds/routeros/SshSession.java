package io.srvlab.rds.routeros;

import io.srvlab.rds.routeros.RouterOsException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.io.nio2.Nio2Session;

/** One authenticated MINA session; every command runs on its own exec channel (no PTY), as RouterOS expects. */
final class SshSession implements RouterOsSession {
    private final ClientSession session;

    SshSession(ClientSession session) {
        this.session = session;
    }

    @Override
    public String hostKeyFingerprint() {
        return session.getServerKey() == null ? null : KeyUtils.getFingerPrint(session.getServerKey());
    }

    @Override
    public CommandOutput exec(RouterOsCommand command, Duration timeout) throws RouterOsException {
        if (!session.isOpen()) {
            throw new RouterOsException(Kind.TRANSPORT, "session is closed");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        var out = new CappedOutput(MAX_OUTPUT_BYTES);
        var err = new CappedOutput(MAX_OUTPUT_BYTES);
        ChannelExec channel;
        try {
            channel = session.createExecChannel(command.line());
        } catch (IOException e) {
            throw new RouterOsException(Kind.TRANSPORT, "cannot open channel for " + command.name(), e);
        }
        try {
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(remaining(deadline));
            Set<ClientChannelEvent> events =
                    channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), remaining(deadline));
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                channel.close(true);
                throw new RouterOsException(Kind.TIMEOUT, command.name() + " did not finish within " + timeout);
            }
            if (out.overflowed() || err.overflowed()) {
                throw new RouterOsException(
                        Kind.UNPARSEABLE,
                        command.name() + " printed more than " + MAX_OUTPUT_BYTES + " bytes; output discarded");
            }
            Integer exit = channel.getExitStatus();
            if (exit == null) {
                // Without an exit status nothing says the command ran to its end: it may have been cut off halfway.
                throw new RouterOsException(
                        Kind.TRANSPORT,
                        (session.isOpen() ? "channel closed without an exit status during " : "connection lost during ")
                                + command.name());
            }
            return new CommandOutput(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), exit);
        } catch (IOException e) {
            channel.close(true);
            if (SshConnector.isTimeout(e)) {
                throw new RouterOsException(Kind.TIMEOUT, command.name() + " timed out", e);
            }
            throw new RouterOsException(Kind.TRANSPORT, command.name() + " failed: " + e.getMessage(), e);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }

    /** Whether Nagle's algorithm is off on this connection's socket (see {@link SshConnector}). */
    boolean tcpNoDelay() throws IOException {
        return session.getIoSession() instanceof Nio2Session nio
                && nio.getSocket().getOption(StandardSocketOptions.TCP_NODELAY);
    }

    @Override
    public boolean isOpen() {
        return session.isOpen() && !session.isClosing();
    }

    @Override
    public void close() {
        session.close(true);
    }

    /** Keeps at most {@code cap} bytes and remembers whether more came. */
    private static final class CappedOutput extends ByteArrayOutputStream {
        private final int cap;
        private boolean overflowed;

        CappedOutput(int cap) {
            this.cap = cap;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (overflowed || count + len > cap) {
                overflowed = true;
                return;
            }
            super.write(b, off, len);
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        synchronized boolean overflowed() {
            return overflowed;
        }
    }
}
