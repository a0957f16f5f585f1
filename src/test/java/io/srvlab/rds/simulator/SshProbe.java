package io.srvlab.rds.simulator;

import io.srvlab.rds.routeros.CommandOutput;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsSession;
import io.srvlab.rds.routeros.TestCommands;
import java.time.Duration;

/** Sends raw lines (not built by RouterOsCommands) to check the simulator's CLI error shapes. */
final class SshProbe {
    private final RouterOsSession session;

    SshProbe(RouterOsSession session) {
        this.session = session;
    }

    String run(String line) throws RouterOsException {
        CommandOutput out = session.exec(TestCommands.raw(line), Duration.ofSeconds(5));
        return out.stdout() + out.stderr();
    }
}
