package io.srvlab.rds.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.srvlab.rds.routeros.CommandOutput;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsParser;
import io.srvlab.rds.routeros.RouterOsSession;
import io.srvlab.rds.routeros.TestCommands;
import io.srvlab.rds.testing.SimulatorFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Faults in how a reply arrives: no exit status after the command ran, and a flood of log lines before it. */
class ReplyFaultsOverSshTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String ADD = "/disk add type=file file-path=/storage-pool/v/pvc-a.img file-size=1G"
            + " slot=\"pvc-a\" nvme-tcp-export=yes nvme-tcp-server-port=4420 nvme-tcp-server-nqn=\"nqn.x:pvc-a\""
            + " mount-filesystem=no comment=\"rds-operator owner=u-1 volume=ns/a pool=p\"";

    @RegisterExtension
    static final SimulatorFixture SIM = new SimulatorFixture();

    private static CommandOutput exec(RouterOsSession s, String line) throws Exception {
        return s.exec(TestCommands.raw(line), TIMEOUT);
    }

    @Test
    void aCommandWithoutExitStatusFailsAlthoughItTookEffect() throws Exception {
        SIM.knobs().noExitStatusNext(2);
        try (RouterOsSession s = SIM.connector().connect()) {
            // Nothing says such a command ran to its end: the client reports a transport failure, never success.
            assertThatThrownBy(() -> exec(s, ADD))
                    .isInstanceOfSatisfying(RouterOsException.class, e -> assertThat(e.kind())
                            .isEqualTo(RouterOsException.Kind.TRANSPORT))
                    .hasMessageContaining("without an exit status");
            assertThat(SIM.rds().disk("pvc-a")).isPresent();
            assertThatThrownBy(() -> exec(s, "/disk print detail where slot=\"pvc-a\""))
                    .isInstanceOf(RouterOsException.class);

            assertThat(exec(s, "/system identity print").exitStatus()).isZero();
            assertThat(s.isOpen()).isTrue();
        }
        assertThat(SIM.knobs().faultsServed()).isEqualTo(2);
    }

    @Test
    void aFloodOfLogLinesComesBeforeTheRealReply() throws Exception {
        try (RouterOsSession s = SIM.connector().connect()) {
            exec(s, ADD);
            SIM.knobs().floodNext(1, 256 * 1024);
            CommandOutput flooded = exec(s, "/disk print detail where slot=\"pvc-a\"");
            CommandOutput plain = exec(s, "/disk print detail where slot=\"pvc-a\"");

            assertThat(flooded.exitStatus()).isZero();
            assertThat(flooded.stdout()).hasSizeGreaterThanOrEqualTo(256 * 1024).endsWith(plain.stdout());
            assertThat(flooded.stdout()
                            .substring(
                                    0,
                                    flooded.stdout().length() - plain.stdout().length())
                            .lines())
                    .allMatch(l -> l.matches("\\d{2}:\\d{2}:\\d{2} echo: .*"));
            assertThat(RouterOsParser.parsePrintDetail(flooded.stdout()))
                    .isEqualTo(RouterOsParser.parsePrintDetail(plain.stdout()));
        }
        assertThat(SIM.rds().disk("pvc-a")).isPresent();
        assertThat(SIM.knobs().faultsServed()).isEqualTo(1);
    }

    @Test
    void aFloodedCommandStillTakesEffect() throws Exception {
        SIM.knobs().floodNext(1, 1000);
        try (RouterOsSession s = SIM.connector().connect()) {
            CommandOutput add = exec(s, ADD);
            assertThat(add.exitStatus()).isZero();
            assertThat(add.stdout()).hasSizeGreaterThanOrEqualTo(1000).contains("echo: system,info");
        }
        assertThat(SIM.rds().disk("pvc-a").orElseThrow().comment())
                .isEqualTo("rds-operator owner=u-1 volume=ns/a pool=p");
    }
}
