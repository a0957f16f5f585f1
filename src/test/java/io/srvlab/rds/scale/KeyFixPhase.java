package io.srvlab.rds.scale;

import io.srvlab.rds.api.RdsPoolConfigStatus.CircuitState;
import io.srvlab.rds.testing.Readiness;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Key fix: the key Secret is replaced by a key the simulator rejects; once the pool config is no longer Ready a
 * volume is applied, and the benchmark waits for the breaker to open (at most {@link #OPEN_WAIT}). Then the accepted
 * key is restored; measured from that write to the pool config's first Ready event and to the waiting volume's.
 */
final class KeyFixPhase {
    private static final Duration NOT_READY_WAIT = Duration.ofMinutes(2);
    private static final Duration OPEN_WAIT = Duration.ofSeconds(60);
    private static final Duration RECOVERY_WAIT = Duration.ofMinutes(3);

    private final ScaleRun run;

    KeyFixPhase(ScaleRun run) {
        this.run = run;
    }

    List<PhaseRow> run() throws Exception {
        var pool = run.poolWatch();
        var watch = run.volumeWatch();
        long broken = System.nanoTime();
        run.stack().writeRejectedKey();
        if (!run.poll(NOT_READY_WAIT, () -> pool.firstAfter(broken, c -> !Readiness.isReady(c))
                .isPresent())) {
            run.stack().restoreKey();
            throw new IllegalStateException("the pool config stayed Ready for 2 min with a rejected key");
        }
        double notReadyAfter =
                (pool.firstAfter(broken, c -> !Readiness.isReady(c)).getAsLong() - broken) / 1e9;
        String volume = run.createVolume(run.name(), "keyfix", run.name());
        boolean opened = run.poll(
                OPEN_WAIT,
                () -> pool.latest().getStatus() != null
                        && pool.latest().getStatus().circuitState() == CircuitState.OPEN);
        var atFix = pool.latest().getStatus();
        var waiting = run.client()
                .resources(io.srvlab.rds.api.RdsVolume.class)
                .inNamespace(run.name())
                .withName(volume)
                .get();
        String volumeState = Readiness.ready(waiting)
                .map(c -> c.getStatus() + "/" + c.getReason())
                .orElse("no Ready condition");
        Work w0 = run.work();
        long fixed = System.nanoTime();
        run.stack().restoreKey();
        run.poll(RECOVERY_WAIT, () -> pool.firstAfter(fixed, Readiness::isReady).isPresent());
        OptionalLong poolReady = pool.firstAfter(fixed, Readiness::isReady);
        Work atPool = run.work().minus(w0);
        run.poll(RECOVERY_WAIT, () -> watch.readyAt(volume) != null);
        Long volumeReady = watch.readyAt(volume);
        Work atVolume = run.work().minus(w0);
        String notes = String.format(
                Locale.ROOT,
                "pool config not Ready %.1f s after the bad key; at the fix (%.1f s after it) breaker %s%s,"
                        + " volume Ready=%s",
                notReadyAfter,
                (fixed - broken) / 1e9,
                atFix == null ? "unknown" : atFix.circuitState(),
                opened ? "" : " (had not opened within " + OPEN_WAIT.toSeconds() + " s)",
                volumeState);
        return List.of(
                row("key fix: pool config Ready", fixed, poolReady, atPool, notes),
                row(
                        "key fix: the waiting volume Ready",
                        fixed,
                        volumeReady == null ? OptionalLong.empty() : OptionalLong.of(volumeReady),
                        atVolume,
                        ""));
    }

    private PhaseRow row(String what, long start, OptionalLong end, Work work, String notes) {
        if (end.isEmpty()) {
            return new PhaseRow(what + " (not reached)", run.volumes(), Double.NaN, work, null, notes);
        }
        return new PhaseRow(
                what, run.volumes(), (end.getAsLong() - start) / 1e9, work, Bound.of(run.limits(), work), notes);
    }
}
