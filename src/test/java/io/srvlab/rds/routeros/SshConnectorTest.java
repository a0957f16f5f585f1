package io.srvlab.rds.routeros;

import static org.assertj.core.api.Assertions.assertThat;

import io.srvlab.rds.testing.SimulatorFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SshConnectorTest {
    @RegisterExtension
    static final SimulatorFixture SIM = new SimulatorFixture();

    /** With Nagle on, each command on a reused session waited ~40 ms for a delayed ACK (scale benchmark). */
    @Test
    void sessionsTurnNaglesAlgorithmOff() throws Exception {
        try (RouterOsSession session = SIM.connector().connect()) {
            assertThat(session).isInstanceOf(SshSession.class);
            assertThat(((SshSession) session).tcpNoDelay()).isTrue();
        }
    }
}
