package io.srvlab.rds.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.routeros.RouterOsSession;
import io.srvlab.rds.routeros.SshConnector;
import io.srvlab.rds.routeros.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @Test
    void standaloneOptions(@TempDir Path dir) throws Exception {
        KeyPair host = SimulatorKeys.ed25519();
        KeyPair client = SimulatorKeys.ed25519();
        Files.writeString(dir.resolve("host"), SimulatorKeys.privateKeyText(host));
        Files.writeString(dir.resolve("authorized"), SimulatorKeys.publicKeyLine(client.getPublic()) + "\n");
        try (RouterOsSimulator sim = Main.start(new String[] {
            "--port",
            "0",
            "--host-key",
            dir.resolve("host").toString(),
            "--authorized-keys",
            dir.resolve("authorized").toString(),
            "--user",
            "admin",
            "--command-latency",
            "5ms",
            "--no-crlf",
            "--identity",
            "rds-lab",
            "--capacity",
            "1000000000:500000000",
            "--error-stream",
            "stderr",
            "--error-exit-status",
            "1"
        })) {
            assertThat(sim.knobs().crlf()).isFalse();
            assertThat(sim.knobs().commandLatency()).isEqualTo(Duration.ofMillis(5));
            assertThat(sim.knobs().errorStream()).isEqualTo(SimulatorKnobs.ErrorStream.STDERR);
            SshTarget t = SshTarget.of(
                    "127.0.0.1",
                    sim.port(),
                    "admin",
                    SimulatorKeys.privateKeyText(client),
                    SimulatorKeys.publicKeyLine(host.getPublic()));
            try (SshConnector c = new SshConnector(t);
                    RouterOsSession s = c.connect()) {
                RouterOsClient rc = new RouterOsClient(Duration.ofSeconds(5));
                assertThat(rc.identity(s).identity()).isEqualTo("rds-lab");
                assertThat(rc.mountPointCapacity(s, "storage-pool").freeBytes()).isEqualTo(500_000_000L);
            }
        }
    }

    @Test
    void durations() {
        assertThat(Main.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Main.duration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Main.duration("1m")).isEqualTo(Duration.ofMinutes(1));
    }
}
