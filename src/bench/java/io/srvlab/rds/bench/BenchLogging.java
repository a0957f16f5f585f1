package io.srvlab.rds.bench;

import java.util.logging.Level;
import org.jboss.logmanager.LogContext;

/**
 * Outside Quarkus the JBoss log manager starts at DEBUG and buffers every record, so libraries' debug logging
 * (Resilience4j logs each call) would be measured. The operator runs at INFO; so do the benchmarks.
 */
final class BenchLogging {
    private BenchLogging() {}

    static void quiet() {
        LogContext.getLogContext().getLogger("").setLevel(Level.INFO);
    }
}
