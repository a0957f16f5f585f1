package io.srvlab.rds.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.srvlab.rds.routeros.RouterOsCommands;
import io.srvlab.rds.routeros.RouterOsSession;
import io.srvlab.rds.testing.SimulatorFixture;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A window of the command log is complete, or says that it is not. */
class CommandLogTest {
    @RegisterExtension
    static final SimulatorFixture SIM = new SimulatorFixture();

    @Test
    void theWindowAfterAMarkHoldsExactlyTheCommandsSentSince() throws Exception {
        RouterOsSimulator sim = SIM.simulator();
        try (RouterOsSession session = SIM.connector().connect()) {
            session.exec(RouterOsCommands.identity(), Duration.ofSeconds(5));
            long mark = sim.commands();
            session.exec(RouterOsCommands.diskBySlot("a"), Duration.ofSeconds(5));
            session.exec(RouterOsCommands.removeDisk("a", ""), Duration.ofSeconds(5));
            assertThat(sim.commandLogSince(mark))
                    .containsExactly(
                            "/disk print detail where slot=\"a\"",
                            "/disk remove [find slot=\"a\" and type=file and comment=\"\"]");
            assertThat(sim.commandLogSince(sim.commands())).isEmpty();
        }
    }

    @Test
    void aWindowThatNoLongerFitsTheLogIsRefused() {
        RouterOsSimulator sim = SIM.simulator();
        long mark = sim.commands();
        IntStream.range(0, 10_001).forEach(i -> {
            sim.commandStarted("/system identity print");
            sim.commandFinished();
        });
        assertThatThrownBy(() -> sim.commandLogSince(mark))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 after command " + mark + " are gone");
        assertThat(sim.commandLogSince(mark + 1)).hasSize(10_000);
        assertThat(sim.commandLog()).hasSize(10_000);
    }
}
