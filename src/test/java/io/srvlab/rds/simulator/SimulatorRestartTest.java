package io.srvlab.rds.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.srvlab.rds.routeros.CreateDisk;
import io.srvlab.rds.routeros.DiskInfo;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsSession;
import io.srvlab.rds.testing.SimulatorFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A killed simulator drops its sessions and refuses connections; restarted, it has the same port, key and disks. */
class SimulatorRestartTest {
    @RegisterExtension
    static final SimulatorFixture SIM = new SimulatorFixture();

    private final RouterOsClient client = SIM.client();

    @Test
    void killDropsSessionsAndRestartKeepsTheDisks() throws Exception {
        int port = SIM.simulator().port();
        try (RouterOsSession session = SIM.connector().connect()) {
            client.createFileDisk(
                    session,
                    new CreateDisk(
                            "pvc-keep",
                            "/storage-pool/k8s/pvc-keep.img",
                            1L << 30,
                            4420,
                            "nqn.2000-02.com.x:pvc-keep"));

            SIM.simulator().kill();
            assertThat(SIM.simulator().isRunning()).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> !session.isOpen());
            assertThatThrownBy(() -> client.identity(session))
                    .isInstanceOfSatisfying(RouterOsException.class, e -> assertThat(e.isTransportFailure())
                            .isTrue());
        }
        assertThatThrownBy(() -> SIM.connector().connect())
                .isInstanceOfSatisfying(RouterOsException.class, e -> assertThat(e.isTransportFailure())
                        .isTrue());

        SIM.simulator().restart();
        assertThat(SIM.simulator().port()).isEqualTo(port);
        try (RouterOsSession session = SIM.connector().connect()) {
            assertThat(client.findDisk(session, "pvc-keep"))
                    .get()
                    .extracting(DiskInfo::sizeBytes)
                    .isEqualTo(1L << 30);
        }
    }

    @Test
    void listenersSeeEveryCommandUntilClosed() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        try (RouterOsSession session = SIM.connector().connect()) {
            try (AutoCloseable listening = SIM.simulator().listen(heard::add)) {
                for (int i = 0; i < 50; i++) {
                    client.findDisk(session, "pvc-" + i);
                }
            }
            client.findDisk(session, "pvc-after");
        }
        assertThat(heard).hasSize(50).first().asString().contains("slot=\"pvc-0\"");
        assertThat(heard).noneMatch(line -> line.contains("pvc-after"));
    }
}
