package io.srvlab.rds.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.srvlab.rds.routeros.CommandOutput;
import io.srvlab.rds.routeros.CreateDisk;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.routeros.RouterOsConnector;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsException.Kind;
import io.srvlab.rds.routeros.RouterOsSession;
import io.srvlab.rds.routeros.SystemInfo;
import io.srvlab.rds.routeros.TestCommands;
import io.srvlab.rds.simulator.SimulatorKnobs.ErrorStream;
import io.srvlab.rds.testing.SimulatorFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The in-memory session answers as the SSH session does: same outputs, same {@code DiskInfo}s, same failures. */
class SimulatedSessionTest {
    @RegisterExtension
    static final SimulatorFixture SIM = new SimulatorFixture();

    private static final String NQN = "nqn.2000-02.com.mikrotik:";
    private static final RouterOsClient CLIENT = new RouterOsClient(Duration.ofSeconds(5));

    private final SimulatedRds rds = new SimulatedRds();
    private final SimulatorKnobs knobs = new SimulatorKnobs();

    static Stream<Arguments> consoles() {
        return Stream.of(
                console("defaults", true, k -> {}),
                console("errors on stderr, exit 1", true, k -> k.errorStream(ErrorStream.STDERR)
                        .errorExitStatus(1)),
                console("78 columns, bare LF", false, k -> k.crlf(false)),
                console("40 columns, log lines", false, k -> k.wrapWidth(40).interleaveLogLine(true)),
                console("busy twice", true, k -> k.failNext(2, "failure: device is busy", ErrorStream.STDOUT, 0)));
    }

    private static Arguments console(String name, boolean wide, Consumer<SimulatorKnobs> setup) {
        return Arguments.of(name, wide, setup);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consoles")
    void theSameScenarioGivesTheSameResults(String name, boolean wide, Consumer<SimulatorKnobs> setup)
            throws Exception {
        setup.accept(SIM.knobs());
        setup.accept(knobs);
        List<String> overSsh;
        try (RouterOsSession s =
                SIM.newConnector(SIM.target().withWideConsole(wide)).connect()) {
            overSsh = scenario(s);
        }
        List<String> inMemory;
        try (RouterOsSession s =
                inMemory(wide ? SimulatedSession.WIDE_CONSOLE_LOGIN : "admin").connect()) {
            inMemory = scenario(s);
        }
        assertThat(inMemory).isEqualTo(overSsh).hasSize(15);
        assertThat(rds.disks()).isEqualTo(SIM.rds().disks());
        assertThat(rds.files()).isEqualTo(SIM.rds().files());
    }

    /** Client calls and raw lines, each result (a {@code DiskInfo}, output or failure) as text. */
    private static List<String> scenario(RouterOsSession s) {
        List<String> results = new ArrayList<>();
        String comment = "rds-operator owner=u-1 ns=apps name=data";
        record(
                results,
                () -> CLIENT.createFileDisk(
                        s,
                        new CreateDisk(
                                "pvc-a", "/storage-pool/k8s/pvc-a.img", 1L << 30, 4420, NQN + "pvc-a", comment, "")));
        record(
                results,
                () -> CLIENT.createFileDisk(
                        s, new CreateDisk("pvc-b", "/storage-pool/k8s/pvc-b.img", 3L << 30, 4420, NQN + "pvc-b")));
        record(
                results,
                () -> CLIENT.createFileDisk(
                        s, new CreateDisk("pvc-a", "/storage-pool/k8s/pvc-x.img", 1L << 30, 4420, NQN + "pvc-x")));
        record(results, () -> CLIENT.resize(s, "pvc-a", comment, 2L << 30));
        record(results, () -> CLIENT.resize(s, "pvc-b", "", 1L << 50));
        record(results, () -> CLIENT.markDisk(s, "pvc-b", "moved"));
        record(results, () -> CLIENT.listDisks(s, "pvc-"));
        record(results, () -> CLIENT.findDisk(s, "pvc-none"));
        record(results, () -> CLIENT.disksUsingFile(s, "/storage-pool/k8s/pvc-a.img"));
        record(results, () -> CLIENT.mountPointCapacity(s, "storage-pool"));
        // The CLI's answer; the host key is SSH's, which an in-memory session has none of.
        record(results, () -> {
            var system = CLIENT.identity(s);
            return new SystemInfo(system.identity(), system.version(), null);
        });
        record(results, () -> raw(s, "/disk print detail where slot~\"^pvc-\""));
        record(results, () -> raw(s, "/disk set [find slot=pvc-b] bogus=1"));
        record(results, () -> {
            CLIENT.removeDisk(s, "pvc-b", "moved");
            return CLIENT.fileExists(s, "/storage-pool/k8s/pvc-b.img");
        });
        record(results, () -> {
            CLIENT.removeFile(s, "/storage-pool/k8s/pvc-b.img");
            return CLIENT.fileExists(s, "/storage-pool/k8s/pvc-b.img");
        });
        return results;
    }

    private static CommandOutput raw(RouterOsSession s, String line) throws RouterOsException {
        return s.exec(TestCommands.raw(line), Duration.ofSeconds(5));
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws RouterOsException;
    }

    private static void record(List<String> results, Call call) {
        try {
            results.add(String.valueOf(call.run()));
        } catch (RouterOsException e) {
            results.add(e.kind() + ": " + e.getMessage());
        }
    }

    @Test
    void faultsFailAsOverSsh() throws Exception {
        for (SimulatorKnobs k : List.of(SIM.knobs(), knobs)) {
            k.dropNext(1)
                    .noExitStatusNext(1)
                    .hangAfterRunningNext(1)
                    .floodNext(1, RouterOsSession.MAX_OUTPUT_BYTES + 1);
        }
        List<Kind> overSsh = faults(SIM.connector());
        List<Kind> inMemory = faults(inMemory(SimulatedSession.WIDE_CONSOLE_LOGIN));
        assertThat(inMemory)
                .isEqualTo(overSsh)
                .containsExactly(Kind.TRANSPORT, Kind.TRANSPORT, Kind.TIMEOUT, Kind.UNPARSEABLE, null);
        assertThat(rds.disks())
                .as("the commands cut off took effect")
                .isEqualTo(SIM.rds().disks())
                .hasSize(2);
    }

    /** Dropped, no exit status, hung after running, flooded, clean: one command each, on a fresh session. */
    private static List<Kind> faults(RouterOsConnector connector) throws RouterOsException {
        RouterOsClient impatient = new RouterOsClient(Duration.ofMillis(300));
        List<Kind> kinds = new ArrayList<>();
        for (int step = 0; step < 5; step++) {
            try (RouterOsSession s = connector.connect()) {
                switch (step) {
                    case 1 -> CLIENT.createFileDisk(s, disk("pvc-1"));
                    case 2 -> impatient.createFileDisk(s, disk("pvc-2"));
                    default -> CLIENT.identity(s);
                }
                kinds.add(null);
            } catch (RouterOsException e) {
                kinds.add(e.kind());
            }
        }
        return kinds;
    }

    private static CreateDisk disk(String slot) {
        return new CreateDisk(slot, "/storage-pool/k8s/" + slot + ".img", 1L << 30, 4420, NQN + slot);
    }

    @Test
    void refusedLoginAndClosedSession() throws Exception {
        knobs.rejectAuth(true);
        assertThatThrownBy(() -> inMemory("admin").connect())
                .isInstanceOfSatisfying(
                        RouterOsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH_REJECTED));
        knobs.rejectAuth(false);
        RouterOsSession s = inMemory("admin").connect();
        s.close();
        assertThat(s.isOpen()).isFalse();
        assertThatThrownBy(() -> CLIENT.identity(s))
                .isInstanceOfSatisfying(
                        RouterOsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT));
    }

    @Test
    void sessionsOverASimulatorCountInItsCommandLog() throws Exception {
        try (RouterOsSession s =
                SimulatedSession.connector(SIM.simulator(), "admin").connect()) {
            CLIENT.identity(s);
        }
        assertThat(SIM.simulator().commandLog()).containsExactly("/system identity print", "/system resource print");
        assertThat(SIM.simulator().commands()).isEqualTo(2);
        assertThat(SIM.simulator().handshakes()).isZero();
    }

    private RouterOsConnector inMemory(String login) {
        return SimulatedSession.connector(rds, knobs, login);
    }
}
