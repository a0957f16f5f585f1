package io.srvlab.rds.routeros;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.srvlab.rds.routeros.RouterOsException.Kind;
import io.srvlab.rds.testing.SimulatorFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every RouterOS metacharacter and oversized value is refused before a single byte is sent. */
class InjectionTest {
    private static final String NQN = "nqn.2000-02.com.mikrotik:pvc-1";
    private static final String PATH = "/storage-pool/k8s/pvc-1.img";

    @RegisterExtension
    static final SimulatorFixture SIM = new SimulatorFixture();

    static Stream<String> hostile() {
        return Stream.of(
                ";",
                "[",
                "]",
                "$",
                "\"",
                "\\",
                "\n",
                "\r",
                " ",
                "\t",
                "\u0000",
                "?",
                "#",
                "=",
                "{",
                "(",
                "'",
                "`",
                "é",
                "x".repeat(300),
                ";/system reset-configuration",
                "$(/system reboot)",
                "[/system reboot]",
                "a\" ; /disk remove [find]; \"",
                "\n/disk remove [find]");
    }

    /** Records exec calls; none may happen. */
    private static final class RecordingSession implements RouterOsSession {
        final List<RouterOsCommand> sent = new ArrayList<>();

        @Override
        public CommandOutput exec(RouterOsCommand command, Duration timeout) {
            sent.add(command);
            return new CommandOutput("", "", 0);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    interface Op {
        void run(RouterOsClient client, RouterOsSession session) throws Exception;
    }

    static List<Op> operations(String bad) {
        String slot = "pvc-1" + bad;
        String path = "/storage-pool/k8s/pvc" + bad + "1.img";
        return List.of(
                (c, s) -> c.findDisk(s, slot),
                (c, s) -> c.listDisks(s, slot),
                (c, s) -> c.createFileDisk(s, new CreateDisk(slot, PATH, 1L << 30, 4420, NQN)),
                (c, s) -> c.createFileDisk(s, new CreateDisk("pvc-1", path, 1L << 30, 4420, NQN)),
                (c, s) -> c.createFileDisk(s, new CreateDisk("pvc-1", PATH, 1L << 30, 4420, NQN + bad)),
                (c, s) -> c.resize(s, slot, "", 1L << 30),
                (c, s) -> c.removeDisk(s, slot, ""),
                (c, s) -> c.removeFile(s, path),
                (c, s) -> c.mountPointCapacity(s, "storage-pool" + bad));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void refusedBeforeSending(String bad) {
        RouterOsClient client = new RouterOsClient(Duration.ofSeconds(1));
        RecordingSession session = new RecordingSession();
        for (Op op : operations(bad)) {
            assertThatThrownBy(() -> op.run(client, session)).isInstanceOfSatisfying(RouterOsException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.INVALID_VALUE);
                assertThat(e.getMessage()).doesNotContain("\n");
            });
        }
        assertThat(session.sent).isEmpty();
    }

    @Test
    void pathRules() {
        for (String path : List.of(
                "relative/x.img",
                "/a/../b.img",
                "/a/./b.img",
                "/a//b.img",
                "/a/b/",
                "/",
                "/" + "a".repeat(129),
                "/.hidden")) {
            assertThatThrownBy(() -> RouterOsValues.absolutePath(path)).as(path).isInstanceOf(RouterOsException.class);
        }
    }

    @Test
    void nqnAndSlotRules() throws Exception {
        assertThat(RouterOsValues.nqn("nqn.2024-01.io.srvlab:test-volume")).isNotNull();
        for (String nqn : List.of("NQN.2024-01.io.srvlab:x", "nqn.2024-13.io.srvlab:x", "nqn.2024-01.io.srvlab", "x")) {
            assertThatThrownBy(() -> RouterOsValues.nqn(nqn)).as(nqn).isInstanceOf(RouterOsException.class);
        }
        assertThat(RouterOsValues.slot("a".repeat(63))).hasSize(63);
        for (String slot : List.of("a".repeat(64), "-pvc", "", "pvc_1")) {
            assertThatThrownBy(() -> RouterOsValues.slot(slot)).as(slot).isInstanceOf(RouterOsException.class);
        }
    }

    @Test
    void overRealSshNothingReachesTheDevice() throws Exception {
        RouterOsClient client = SIM.client();
        try (RouterOsSession session = SIM.connector().connect()) {
            for (String bad : hostile().toList()) {
                for (Op op : operations(bad)) {
                    assertThatThrownBy(() -> op.run(client, session)).isInstanceOf(RouterOsException.class);
                }
            }
        }
        assertThat(SIM.simulator().commands()).isZero();
        assertThat(SIM.rds().disks()).isEmpty();
    }
}
