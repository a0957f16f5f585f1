package io.srvlab.rds.scale;

import io.srvlab.rds.testing.MetricsText;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * An operator restart with N settled volumes: SIGTERM, a new process (with a lease of its own, so no lease expiry is
 * waited out), and a new volume applied right after the new process starts. Measures until that volume is Ready,
 * and until the new operator's {@code rds_volumes{phase="Ready"}} gauge counts all N settled volumes (N before the
 * new volume is Ready, N + 1 after); counts the RouterOS commands and the status writes on the settled volumes in between.
 */
final class RestartPhase {
    private static final Duration OPERATOR_READY = Duration.ofMinutes(3);

    private final ScaleRun run;

    RestartPhase(ScaleRun run) {
        this.run = run;
    }

    List<PhaseRow> run() throws Exception {
        int n = run.volumes();
        var watch = run.volumeWatch();
        var statusBefore = watch.counts();
        long stopping = System.nanoTime();
        Work before = run.work();
        long mark = run.simulator().commands();
        long start = run.restartOperator();
        double stopSeconds = (start - stopping) / 1e9;
        String volume = run.createVolume(run.name(), "after-restart", run.name());
        long operatorReady = -1;
        long volumeReady = -1;
        long allSeen = -1;
        Work atVolume = null;
        Work atAll = null;
        long deadline = start + run.options().runTimeout().toNanos();
        while ((volumeReady < 0 || allSeen < 0)
                && System.nanoTime() < deadline
                && run.operator().isAlive()) {
            if (operatorReady < 0 && run.operator().isReady()) {
                operatorReady = System.nanoTime();
            }
            if (volumeReady < 0 && watch.readyAt(volume) != null) {
                volumeReady = watch.readyAt(volume);
                atVolume = run.work().minus(before);
            }
            // the new volume counts in the gauge once Ready: before that, N means every settled volume was seen
            if (allSeen < 0 && readyGauge() >= n + (volumeReady < 0 ? 0 : 1)) {
                allSeen = System.nanoTime();
                atAll = run.work().minus(before);
            }
            if (operatorReady < 0 && System.nanoTime() - start > OPERATOR_READY.toNanos()) {
                throw new IllegalStateException("restarted operator not ready after 3 min");
            }
            Thread.sleep(250);
        }
        Thread.sleep(ScaleRun.SETTLE.toMillis());
        Work total = run.work().minus(before);
        var writes = watch.counts().minus(statusBefore);
        int settledStatusWrites = writes.statusWrites() - watch.statusWritesOf(volume);
        String totals = String.format(
                Locale.ROOT,
                "SIGTERM took %.1f s; operator ready %s after start; until all seen + 3 s: %d commands (%s),"
                        + " %d leases, %d status writes on the %d settled volumes, %d API writes in all",
                stopSeconds,
                operatorReady < 0 ? "never" : String.format(Locale.ROOT, "%.1f s", (operatorReady - start) / 1e9),
                total.commands(),
                SteadyPhase.commandsSince(run, mark),
                total.leases(),
                settledStatusWrites,
                n,
                total.apiWrites());
        return List.of(
                row("restart: a volume applied at the restart Ready", start, volumeReady, atVolume, ""),
                row(
                        "restart: rds_volumes{phase=\"Ready\"} counts all N settled volumes",
                        start,
                        allSeen,
                        atAll,
                        totals));
    }

    private PhaseRow row(String what, long start, long end, Work work, String notes) {
        if (end < 0) {
            return new PhaseRow(what + " (not reached)", run.volumes(), Double.NaN, Work.NONE, null, notes);
        }
        return new PhaseRow(what, run.volumes(), (end - start) / 1e9, work, Bound.of(run.limits(), work), notes);
    }

    private double readyGauge() {
        double ready = MetricsText.sum(run.operator().metrics(), "rds_volumes", "phase=\"Ready\"");
        return Double.isNaN(ready) ? -1 : ready;
    }
}
