package io.srvlab.rds.testing;

import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.SshConnector;
import io.srvlab.rds.routeros.SshTarget;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedRds;
import io.srvlab.rds.simulator.SimulatorKeys;
import io.srvlab.rds.simulator.SimulatorKnobs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A running {@link RouterOsSimulator} on a random 127.0.0.1 port with a fresh ed25519 host key and client key, and a
 * ready {@link SshConnector} that pins the host key. Use as a JUnit extension (state, knobs and counters are reset
 * before each test):
 *
 * <pre>
 * &#64;RegisterExtension
 * static final SimulatorFixture SIM = new SimulatorFixture();
 *
 * try (RouterOsSession s = SIM.connector().connect()) {
 *     SIM.client().createFileDisk(s, new CreateDisk("pvc-1", "/storage-pool/k8s/pvc-1.img", 1L &lt;&lt; 30, 4420, nqn));
 * }
 * assertThat(SIM.simulator().commands()).isEqualTo(2);
 * </pre>
 *
 * or standalone with {@link #start()} and {@link #close()}.
 */
public final class SimulatorFixture implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, AutoCloseable {
    public static final String USER = "admin";

    private final KeyPair hostKey = SimulatorKeys.ed25519();
    private final KeyPair clientKey = SimulatorKeys.ed25519();
    private final List<SshConnector> connectors = new CopyOnWriteArrayList<>();
    private volatile RouterOsSimulator simulator;
    private volatile SshConnector connector;

    public static SimulatorFixture start() {
        SimulatorFixture f = new SimulatorFixture();
        f.ensureStarted();
        return f;
    }

    private void ensureStarted() {
        if (simulator == null) {
            try {
                simulator =
                        new RouterOsSimulator("127.0.0.1", 0, hostKey, List.of(clientKey.getPublic()), USER).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public RouterOsSimulator simulator() {
        ensureStarted();
        return simulator;
    }

    public SimulatorKnobs knobs() {
        return simulator().knobs();
    }

    public SimulatedRds rds() {
        return simulator().rds();
    }

    public KeyPair hostKey() {
        return hostKey;
    }

    public KeyPair clientKey() {
        return clientKey;
    }

    /** A target for the simulator: pinned host key, 5 s connect/auth timeouts, {@code admin+cet512w}. */
    public SshTarget target() {
        return SshTarget.of(
                        "127.0.0.1",
                        simulator().port(),
                        USER,
                        SimulatorKeys.privateKeyText(clientKey),
                        SimulatorKeys.publicKeyLine(hostKey.getPublic()))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /** The shared connector for {@link #target()}; closed with the fixture. */
    public SshConnector connector() {
        if (connector == null) {
            connector = newConnector(target());
        }
        return connector;
    }

    /** A new connector for any target (closed with the fixture). */
    public SshConnector newConnector(SshTarget target) {
        try {
            SshConnector c = new SshConnector(target);
            connectors.add(c);
            return c;
        } catch (RouterOsException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client with a 5 s command timeout. */
    public RouterOsClient client() {
        return new RouterOsClient(Duration.ofSeconds(5));
    }

    /** Clears disks, files, knobs and counters. */
    public void reset() {
        simulator().reset();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ensureStarted();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ensureStarted();
        reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        connectors.forEach(SshConnector::close);
        connectors.clear();
        connector = null;
        if (simulator != null) {
            try {
                simulator.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            simulator = null;
        }
    }
}
