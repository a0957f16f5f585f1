package io.srvlab.rds.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.srvlab.rds.operator.rdspoolconfig.ServerIdentity;
import io.srvlab.rds.routeros.Capacity;
import io.srvlab.rds.routeros.CommandOutput;
import io.srvlab.rds.routeros.CreateDisk;
import io.srvlab.rds.routeros.DiskInfo;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.routeros.RouterOsCommands;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsException.Kind;
import io.srvlab.rds.routeros.RouterOsSession;
import io.srvlab.rds.routeros.SshConnector;
import io.srvlab.rds.routeros.SshTarget;
import io.srvlab.rds.routeros.SystemInfo;
import io.srvlab.rds.simulator.SimulatorKnobs.ErrorStream;
import io.srvlab.rds.testing.SimulatorFixture;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The typed client against the simulator over real SSH on 127.0.0.1. */
class ClientOverSshTest {
    private static final long GIB = 1L << 30;
    private static final String BASE = "/storage-pool/kubernetes-volumes/";

    @RegisterExtension
    static final SimulatorFixture SIM = new SimulatorFixture();

    private final RouterOsClient client = SIM.client();

    private static CreateDisk disk(String slot, long bytes) {
        return new CreateDisk(slot, BASE + slot + ".img", bytes, 4420, "nqn.2000-02.com.mikrotik:" + slot);
    }

    interface SessionCall {
        void run(RouterOsSession session) throws Exception;
    }

    private static void withSession(SessionCall call) throws Exception {
        try (RouterOsSession session = SIM.connector().connect()) {
            call.run(session);
        }
    }

    private static void assertKind(Kind kind, SessionCall call) throws Exception {
        withSession(s -> assertThatThrownBy(() -> call.run(s))
                .isInstanceOfSatisfying(
                        RouterOsException.class, e -> assertThat(e.kind()).isEqualTo(kind)));
    }

    @Test
    void identityIsTheHealthCheck() throws Exception {
        String presented = KeyUtils.getFingerPrint(SIM.hostKey().getPublic());
        withSession(s -> assertThat(client.identity(s)).isEqualTo(new SystemInfo("RDS", "7.16 (stable)", presented)));
        // The pinned key's fingerprint, as a pool config's status records it, has the same form.
        assertThat(ServerIdentity.fingerprint(
                        SimulatorKeys.publicKeyLine(SIM.hostKey().getPublic())))
                .isEqualTo(presented);
        assertThat(SIM.simulator().handshakes()).isEqualTo(1);
        assertThat(SIM.simulator().authentications()).isEqualTo(1);
        assertThat(SIM.simulator().commands()).isEqualTo(2);
    }

    @Test
    void oneSessionCarriesManyCommands() throws Exception {
        withSession(s -> {
            for (int i = 0; i < 10; i++) {
                assertThat(s.exec(RouterOsCommands.identity(), Duration.ofSeconds(5))
                                .stdout())
                        .isEqualTo("  name: RDS\r\n");
            }
        });
        assertThat(SIM.simulator().handshakes()).isEqualTo(1);
        assertThat(SIM.simulator().commands()).isEqualTo(10);
    }

    @Test
    void diskLifecycle() throws Exception {
        long freeBefore = SIM.rds().freeBytes();
        withSession(s -> {
            DiskInfo created = client.createFileDisk(s, disk("pvc-a", 10 * GIB + 1));
            assertThat(created.sizeBytes()).isEqualTo(10 * GIB + (1 << 20));
            assertThat(created.filePath()).isEqualTo(BASE + "pvc-a.img");
            assertThat(created.nqn()).isEqualTo("nqn.2000-02.com.mikrotik:pvc-a");
            assertThat(created.nvmeTcpExport()).isTrue();
            assertThat(created.nvmeTcpPort()).isEqualTo(4420);
            assertThat(created.flags()).isEqualTo("Bt");
            assertThat(created.properties()).containsEntry("mount-filesystem", "no");
            client.createFileDisk(s, disk("pvc-b", GIB));
            client.createFileDisk(s, disk("xpvc-c", GIB));

            assertThat(client.findDisk(s, "pvc-a")).contains(created);
            assertThat(client.findDisk(s, "pvc-zzz")).isEmpty();
            assertThat(client.listDisks(s, "pvc-")).extracting(DiskInfo::slot).containsExactly("pvc-a", "pvc-b");

            Capacity capacity = client.mountPointCapacity(s, "/storage-pool");
            assertThat(capacity.totalBytes()).isEqualTo(SimulatedRds.DEFAULT_TOTAL);
            assertThat(capacity.freeBytes()).isEqualTo(freeBefore - created.sizeBytes() - 2 * GIB);

            assertThat(client.resize(s, "pvc-b", "", 3 * GIB).sizeBytes()).isEqualTo(3 * GIB);

            client.removeDisk(s, "pvc-a", "");
            assertThat(client.findDisk(s, "pvc-a")).isEmpty();
            assertThat(SIM.rds().files()).containsKey("storage-pool/kubernetes-volumes/pvc-a.img");
            client.removeFile(s, BASE + "pvc-a.img");
            assertThat(SIM.rds().files()).doesNotContainKey("storage-pool/kubernetes-volumes/pvc-a.img");

            client.removeDisk(s, "pvc-a", "");
            client.removeFile(s, BASE + "pvc-a.img");
        });
    }

    @Test
    void removalIsIdempotentAlsoWhenRouterOsSaysNoSuchItem() throws Exception {
        SIM.knobs().emptyFindError("no such item");
        withSession(s -> {
            client.removeDisk(s, "pvc-gone", "");
            client.removeFile(s, BASE + "pvc-gone.img");
        });
    }

    @Test
    void duplicateSlotIsAConflict() throws Exception {
        assertKind(Kind.SLOT_CONFLICT, s -> {
            client.createFileDisk(s, disk("pvc-a", GIB));
            client.createFileDisk(s, disk("pvc-a", GIB));
        });
    }

    @Test
    void fullDiskIsPermanent() throws Exception {
        SIM.knobs().diskFull(true);
        assertKind(Kind.NOT_ENOUGH_SPACE, s -> client.createFileDisk(s, disk("pvc-a", GIB)));
        SIM.knobs().diskFull(false);
        SIM.rds().capacity(100 * GIB, 2 * GIB);
        assertKind(Kind.NOT_ENOUGH_SPACE, s -> client.createFileDisk(s, disk("pvc-a", 3 * GIB)));
        assertKind(Kind.NOT_ENOUGH_SPACE, s -> {
            client.createFileDisk(s, disk("pvc-b", GIB));
            client.resize(s, "pvc-b", "", 5 * GIB);
        });
    }

    @Test
    void resizeOfAMissingDiskIsNotFound() throws Exception {
        assertKind(Kind.NOT_FOUND, s -> client.resize(s, "pvc-missing", "", GIB));
    }

    @ParameterizedTest(name = "{0} on {1}, exit {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bad command name disk (line 1 column 2)|STDOUT|0|SYNTAX",
                "syntax error (line 1 column 10)|STDERR|1|SYNTAX",
                "expected end of command (line 1 column 24)|STDOUT|1|SYNTAX",
                "no such item|STDERR|0|NOT_FOUND",
                "input does not match any value of type|STDOUT|0|INVALID_VALUE",
                "failure: not enough space|STDERR|0|NOT_ENOUGH_SPACE",
                "failure: not enough space|STDOUT|1|NOT_ENOUGH_SPACE",
                "failure: already have such entry|STDOUT|0|SLOT_CONFLICT",
                "failure: device is busy|STDERR|1|BUSY",
                "failure: something odd|STDOUT|0|FAILURE",
                "|STDOUT|1|FAILURE",
            })
    void injectedErrorsOnEitherStreamAndExitStatus(String text, ErrorStream stream, int exit, Kind kind)
            throws Exception {
        SIM.knobs().failNext(1, text == null ? "" : text, stream, exit);
        assertKind(kind, s -> client.createFileDisk(s, disk("pvc-a", GIB)));
        assertThat(SIM.rds().disks()).isEmpty();
    }

    @Test
    void errorsFromTheCliGoWhereTheKnobsSay() throws Exception {
        for (ErrorStream stream : ErrorStream.values()) {
            for (int exit : new int[] {0, 1}) {
                SIM.knobs().errorStream(stream).errorExitStatus(exit);
                withSession(s -> {
                    CommandOutput out = s.exec(
                            RouterOsCommands.resizeDisk("pvc-x", "", GIB), Duration.ofSeconds(5)); // silent no-op
                    assertThat(out.exitStatus()).isZero();
                    client.createFileDisk(s, disk("pvc-" + stream.name().toLowerCase() + exit, GIB));
                    CommandOutput dup = s.exec(
                            RouterOsCommands.addFileDisk(
                                    disk("pvc-" + stream.name().toLowerCase() + exit, GIB)),
                            Duration.ofSeconds(5));
                    assertThat(stream == ErrorStream.STDOUT ? dup.stdout() : dup.stderr())
                            .isEqualTo("failure: already have such entry\r\n");
                    assertThat(dup.exitStatus()).isEqualTo(exit);
                });
            }
        }
    }

    @Test
    void unknownCommandsAndAttributes() throws Exception {
        withSession(s -> {
            assertThat(s.exec(RouterOsCommands.identity(), Duration.ofSeconds(5))
                            .exitStatus())
                    .isZero();
            SshProbe probe = new SshProbe(s);
            assertThat(probe.run("test")).isEqualTo("bad command name test (line 1 column 1)\r\n");
            assertThat(probe.run("/system/resource/print bogus=1"))
                    .isEqualTo("expected end of command (line 1 column 24)\r\n");
            assertThat(probe.run("/disk add type=bogus file-path=/a.img file-size=1G"))
                    .isEqualTo("input does not match any value of type\r\n");
            assertThat(probe.run("/disk remove pvc-none")).isEqualTo("no such item\r\n");
        });
    }

    @Test
    void hostKeyMismatchIsRefused() {
        KeyPair other = SimulatorKeys.ed25519();
        SshTarget t = SIM.target();
        SshTarget wrong = new SshTarget(
                t.host(),
                t.port(),
                t.user(),
                t.privateKey(),
                SimulatorKeys.publicKeyLine(other.getPublic()),
                false,
                t.connectTimeout(),
                t.authTimeout(),
                true);
        assertThatThrownBy(() -> SIM.newConnector(wrong).connect())
                .isInstanceOfSatisfying(RouterOsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.HOST_KEY_MISMATCH);
                    assertThat(e.isTransportFailure()).isTrue();
                });
        assertThat(SIM.simulator().commands()).isZero();
    }

    @Test
    void insecureModeConnectsWithoutAPinnedKey() throws Exception {
        SshTarget t = SIM.target();
        SshTarget insecure = new SshTarget(
                        t.host(),
                        t.port(),
                        t.user(),
                        t.privateKey(),
                        null,
                        true,
                        t.connectTimeout(),
                        t.authTimeout(),
                        true)
                .withInsecureSkipHostKeyVerification();
        try (RouterOsSession s = SIM.newConnector(insecure).connect()) {
            assertThat(client.identity(s).identity()).isEqualTo("RDS");
        }
        assertThatThrownBy(() -> new SshTarget(
                        t.host(),
                        t.port(),
                        t.user(),
                        t.privateKey(),
                        null,
                        false,
                        t.connectTimeout(),
                        t.authTimeout(),
                        true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void authRejection() {
        SIM.knobs().rejectAuth(true);
        assertThatThrownBy(() -> SIM.connector().connect())
                .isInstanceOfSatisfying(
                        RouterOsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH_REJECTED));
        SIM.knobs().rejectAuth(false);
        SshTarget t = SIM.target();
        SshTarget otherKey = new SshTarget(
                t.host(),
                t.port(),
                t.user(),
                SimulatorKeys.privateKeyText(SimulatorKeys.ed25519()),
                t.hostKey(),
                false,
                t.connectTimeout(),
                t.authTimeout(),
                true);
        assertThatThrownBy(() -> SIM.newConnector(otherKey).connect())
                .isInstanceOfSatisfying(
                        RouterOsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH_REJECTED));
    }

    @Test
    void rsaClientKey() throws Exception {
        KeyPair rsa = SimulatorKeys.rsa(2048);
        KeyPair host = SimulatorKeys.ed25519();
        try (RouterOsSimulator sim =
                new RouterOsSimulator("127.0.0.1", 0, host, List.of(rsa.getPublic()), "admin").start()) {
            SshTarget t = SshTarget.of(
                    "127.0.0.1",
                    sim.port(),
                    "admin",
                    SimulatorKeys.privateKeyText(rsa),
                    SimulatorKeys.publicKeyLine(host.getPublic()));
            try (SshConnector connector = new SshConnector(t);
                    RouterOsSession s = connector.connect()) {
                assertThat(client.identity(s).version()).isEqualTo("7.16 (stable)");
            }
        }
    }

    @Test
    void hungCommandTimesOutAndTheSessionStaysUsable() throws Exception {
        SIM.knobs().hangNext(1);
        withSession(s -> {
            RouterOsClient quick = new RouterOsClient(Duration.ofMillis(300));
            assertThatThrownBy(() -> quick.identity(s)).isInstanceOfSatisfying(RouterOsException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
            });
            assertThat(client.identity(s).identity()).isEqualTo("RDS");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> SIM.simulator().inFlightCommands() == 0);
    }

    @Test
    void aCommandThatHangsAfterRunningTookEffect() throws Exception {
        SIM.knobs().hangAfterRunningNext(1);
        withSession(s -> {
            RouterOsClient quick = new RouterOsClient(Duration.ofMillis(300));
            assertThatThrownBy(() -> quick.createFileDisk(s, disk("pvc-stalled", GIB)))
                    .isInstanceOfSatisfying(
                            RouterOsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        });
        await().atMost(Duration.ofSeconds(5))
                .until(() -> SIM.rds().disk("pvc-stalled").isPresent());
    }

    @Test
    void randomFailuresHitAboutTheAskedShareAndStopWhenTurnedOff() throws Exception {
        SIM.knobs().failRandomly(0.5, "failure: device is busy", 7);
        int failed = 0;
        int total = 100;
        try (RouterOsSession s = SIM.connector().connect()) {
            for (int i = 0; i < total; i++) {
                try {
                    client.findDisk(s, "pvc-any"); // one command
                } catch (RouterOsException e) {
                    assertThat(e.getMessage()).contains("device is busy");
                    failed++;
                }
            }
            assertThat(SIM.simulator().commands()).isEqualTo(total);
            assertThat(failed).isBetween(total / 2 - 20, total / 2 + 20);
            SIM.knobs().failRandomly(0, null, 0);
            assertThat(client.identity(s).identity()).isEqualTo("RDS");
        }
    }

    @Test
    void droppedConnectionIsATransportFailure() throws Exception {
        SIM.knobs().dropNext(1);
        withSession(s -> {
            assertThatThrownBy(() -> client.identity(s)).isInstanceOfSatisfying(RouterOsException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
                assertThat(e.isTransportFailure()).isTrue();
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> !s.isOpen());
            assertThatThrownBy(() -> client.identity(s))
                    .isInstanceOfSatisfying(
                            RouterOsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT));
        });
    }

    @Test
    void sessionsBeyondTheLimitAreRefused() throws Exception {
        // Sessions of earlier tests close asynchronously and still count against the limit until they have.
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> SIM.simulator().activeSessions() <= 0);
        SIM.knobs().maxSessions(1);
        withSession(first -> {
            assertThatThrownBy(() -> SIM.connector().connect())
                    .isInstanceOfSatisfying(RouterOsException.class, e -> assertThat(e.isTransportFailure())
                            .isTrue());
            assertThat(client.identity(first).identity()).isEqualTo("RDS");
        });
    }

    @Test
    void latencyKnobsAndConnectTimeouts() throws Exception {
        SIM.knobs().handshakeLatency(Duration.ofMillis(300)).commandLatency(Duration.ofMillis(100));
        long start = System.nanoTime();
        withSession(s -> client.identity(s));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));

        SIM.knobs().handshakeLatency(Duration.ofSeconds(3));
        SshTarget slow = SIM.target().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(200));
        assertThatThrownBy(() -> SIM.newConnector(slow).connect())
                .isInstanceOfSatisfying(
                        RouterOsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
    }

    @Test
    void narrowConsoleWithoutLoginOptionsStillParses() throws Exception {
        SIM.knobs().wrapWidth(50).interleaveLogLine(true).crlf(true);
        SshTarget narrow = SIM.target().withWideConsole(false);
        try (RouterOsSession s = SIM.newConnector(narrow).connect()) {
            String slot = "pvc-0f923194-922a-5dd8-b376-c2c6ccb56dd8";
            DiskInfo d = client.createFileDisk(s, disk(slot, 53_687_091_200L));
            client.createFileDisk(s, disk("pvc-2", GIB));
            assertThat(d.filePath()).isEqualTo(BASE + slot + ".img");
            assertThat(d.sizeBytes()).isEqualTo(53_687_091_200L);
            assertThat(client.listDisks(s, "pvc-")).hasSize(2);
            String raw = s.exec(RouterOsCommands.diskBySlot(slot), Duration.ofSeconds(5))
                    .stdout();
            assertThat(raw.lines().filter(l -> !l.contains("echo:") && !l.startsWith("Flags:")))
                    .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(50));
            assertThat(raw).contains("echo:");
        }
    }

    @Test
    void refusedConnectionIsATransportFailure() throws Exception {
        KeyPair host = SimulatorKeys.ed25519();
        RouterOsSimulator closed = new RouterOsSimulator("127.0.0.1", 0, host, List.of(), null).start();
        int port = closed.port();
        closed.close();
        SshTarget t = SshTarget.of(
                "127.0.0.1", port, "admin", SIM.target().privateKey(), SimulatorKeys.publicKeyLine(host.getPublic()));
        assertThatThrownBy(() -> SIM.newConnector(t).connect()).isInstanceOfSatisfying(RouterOsException.class, e -> {
            assertThat(e.kind()).isIn(Kind.TRANSPORT, Kind.TIMEOUT);
        });
    }

    @Test
    void keyIsNeverInToString() {
        SshTarget t = SIM.target();
        assertThat(t.toString())
                .doesNotContain("PRIVATE")
                .doesNotContain(t.privateKey().substring(40, 60));
        assertThat(t.loginName()).isEqualTo("admin+cet512w");
    }

    @Test
    void simulatorPrintsTheHardwareShape() throws Exception {
        withSession(s -> {
            client.createFileDisk(s, disk("pvc-test-123", 50 * GIB));
            String out = s.exec(RouterOsCommands.diskBySlot("pvc-test-123"), Duration.ofSeconds(5))
                    .stdout();
            assertThat(out)
                    .startsWith("Flags: X - disabled; B - block-device; M - mounted; t - nvme-tcp-export\r\n"
                            + " 1 Bt          type=file slot=\"pvc-test-123\" slot-default=\"\" parent=\"\" fs=-")
                    .contains(" size=53 687 091 200 ")
                    .contains(" file-size=50.0GiB ");
            // the +cet512w login option widens the console: the whole item fits on one line
            assertThat(out.lines().skip(1).findFirst().orElseThrow()).hasSizeGreaterThan(200);
            assertThat(s.exec(RouterOsCommands.diskBySlot("nope"), Duration.ofSeconds(5))
                            .stdout())
                    .isEqualTo("Flags: X - disabled; B - block-device; M - mounted; t - nvme-tcp-export\r\n");
        });
        Map<String, Long> files = SIM.rds().files();
        assertThat(files).containsEntry("storage-pool/kubernetes-volumes/pvc-test-123.img", 50 * GIB);
    }
}
