package io.srvlab.rds.operator;

import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Runs when this replica stops leading. Losing the lease while running means another replica may already reconcile,
 * so the process exits. Stopping to lead because the JVM is shutting down (SIGTERM) is not a loss: JOSDK 5.2.1 would
 * call {@code System.exit} there too, from inside the shutdown hook, which blocks forever (JOSDK issue #3376, fixed
 * upstream after the version we can use) and makes every pod wait out its termination grace period.
 */
final class LeadershipLoss implements Runnable {
    private static final Logger LOG = Logger.getLogger(LeadershipLoss.class);

    private final BooleanSupplier shuttingDown;
    private final Runnable exit;

    LeadershipLoss(BooleanSupplier shuttingDown, Runnable exit) {
        this.shuttingDown = shuttingDown;
        this.exit = exit;
    }

    static LeadershipLoss exitUnlessShuttingDown() {
        // On a thread of its own: the shutdown hooks stop JOSDK's executors, one of which runs this callback.
        return new LeadershipLoss(
                LeadershipLoss::jvmShuttingDown,
                () -> Thread.ofPlatform().name("leadership-lost-exit").start(() -> System.exit(1)));
    }

    @Override
    public void run() {
        if (shuttingDown.getAsBoolean()) {
            LOG.info("Stopped leading: shutting down");
            return;
        }
        LOG.error("Lost the leader lease; exiting so that no two replicas reconcile at once");
        exit.run();
    }

    /** The JDK refuses new shutdown hooks once shutdown has begun; that refusal is the only portable signal. */
    static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
