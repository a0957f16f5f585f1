package io.srvlab.rds.bench;

import io.srvlab.rds.routeros.CommandOutput;
import io.srvlab.rds.routeros.RouterOsCommand;
import io.srvlab.rds.routeros.RouterOsConnector;
import io.srvlab.rds.routeros.RouterOsSession;
import io.srvlab.rds.routeros.SshTarget;
import java.time.Duration;

/** A session that answers at once, so a benchmark measures the pool and nothing else. */
final class InMemorySession implements RouterOsSession {
    /** What a pool over these sessions is configured with; never dialled. */
    static final SshTarget TARGET = new SshTarget(
            "127.0.0.1", 22, "bench", "", null, true, Duration.ofSeconds(10), Duration.ofSeconds(10), true);

    private static final CommandOutput OUT = new CommandOutput("name: bench", "", 0);
    private volatile boolean open = true;

    static RouterOsConnector connector() {
        return InMemorySession::new;
    }

    @Override
    public CommandOutput exec(RouterOsCommand command, Duration timeout) {
        return OUT;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
