package io.srvlab.rds.scale;

import io.srvlab.rds.api.RdsPoolConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Hot reload under load: the rate is lowered (by a reload, awaited), a batch of volumes is created and left to queue
 * behind it, then the rate is raised with a merge patch. Measures from the patch request to the first watch event
 * showing {@code status.appliedGeneration} at the new generation, and to the first one-second window in which the
 * simulator received at least the midpoint of the old and new rates in commands (leases/s times the commands per
 * lease of the batch). The burst stays at the low rate, so the raised rate cannot pass for a burst.
 */
final class ReloadPhase {
    private static final Duration APPLY_TIMEOUT = Duration.ofMinutes(2);
    private static final long TEN_SECONDS = 10_000_000_000L;

    private final ScaleRun run;

    ReloadPhase(ScaleRun run) {
        this.run = run;
    }

    List<PhaseRow> run() throws Exception {
        var phase = run.phaseOptions();
        int from = phase.reloadFromRate();
        int to = phase.reloadToRate();
        int count = phase.reloadVolumes();
        long lowered = run.patchPoolSpec(rate(from, from));
        if (!run.poll(APPLY_TIMEOUT, () -> applied(run.poolConfig(run.name()), lowered))) {
            throw new IllegalStateException("the lowered rate was not applied within 2 min");
        }
        var watch = run.volumeWatch();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("q-" + i);
        }
        try (var rate = new CommandRate(run.simulator())) {
            double hitsAtCreate = run.rateLimitHits();
            long created = System.nanoTime();
            io.srvlab.rds.testing.VolumeBatch.create(
                    run.client(), run.name(), "q", count, run.name(), "1Gi", ScaleRun.CREATE_THREADS);
            double createSeconds = (System.nanoTime() - created) / 1e9;
            long patchAt = created + phase.reloadQueueFor().toNanos();
            Thread.sleep(Math.max(0, (patchAt - System.nanoTime()) / 1_000_000));
            long readyBefore =
                    names.stream().filter(n -> watch.readyAt(n) != null).count();
            double hitsBefore = run.rateLimitHits() - hitsAtCreate;
            long now = System.nanoTime();
            double before = rate.perSecond(Math.max(created, now - TEN_SECONDS), now);
            Work w0 = run.work();
            long patched = System.nanoTime();
            long generation = run.patchPoolSpec(rate(to, from));
            OptionalLong appliedAt = await(() -> run.poolWatch().firstAfter(patched, c -> applied(c, generation)));
            Work atApplied = run.work().minus(w0);
            double threshold = (from + to) / 2.0 * run.commandsPerLease();
            OptionalLong effectAt = await(() -> rate.firstSecondAtLeast(patched, threshold));
            Work atEffect = run.work().minus(w0);
            double after = Double.NaN;
            if (effectAt.isPresent()) {
                Thread.sleep(Math.max(0, (effectAt.getAsLong() + TEN_SECONDS - System.nanoTime()) / 1_000_000));
                after = rate.perSecond(effectAt.getAsLong(), effectAt.getAsLong() + TEN_SECONDS);
            }
            boolean allReady =
                    run.poll(run.options().runTimeout(), () -> names.stream().allMatch(n -> watch.readyAt(n) != null));
            long lastReady = names.stream()
                    .map(watch::readyAt)
                    .filter(t -> t != null)
                    .mapToLong(Long::longValue)
                    .max()
                    .orElse(patched);
            Thread.sleep(ScaleRun.SETTLE.toMillis());
            Work atAll = run.work().minus(w0);
            run.patchPoolSpec(
                    rate(run.options().requestsPerSecond(), run.options().burst())); // back to the run's

            Bound.Limits limits = run.limits().withRate(to, from);
            String queued = String.format(
                    Locale.ROOT,
                    "%d of %d volumes not yet Ready at the patch (created in %.1f s, patched %.1f s after the first"
                            + " create, %.0f rate-limit hits until then); rate %d/s → %d/s, burst %d",
                    count - readyBefore,
                    count,
                    createSeconds,
                    (patched - created) / 1e9,
                    hitsBefore,
                    from,
                    to,
                    from);
            String rates = String.format(
                    Locale.ROOT,
                    "commands/s at the simulator: %.1f in the (up to) 10 s before the patch, %.1f in the 10 s after the"
                            + " window that crossed %.1f",
                    before,
                    after,
                    threshold);
            return List.of(
                    row("hot reload: status.appliedGeneration", patched, appliedAt, atApplied, limits, queued),
                    row("hot reload: new rate in effect", patched, effectAt, atEffect, limits, rates),
                    row(
                            "hot reload: the queued volumes Ready (from the patch)",
                            patched,
                            allReady ? OptionalLong.of(lastReady) : OptionalLong.empty(),
                            atAll,
                            limits,
                            atAll.commands() + " commands, " + atAll.leases() + " leases"));
        }
    }

    private OptionalLong await(java.util.function.Supplier<OptionalLong> found) {
        run.poll(APPLY_TIMEOUT, () -> found.get().isPresent());
        return found.get();
    }

    private PhaseRow row(String what, long start, OptionalLong end, Work work, Bound.Limits limits, String notes) {
        int n = run.phaseOptions().reloadVolumes();
        if (end.isEmpty()) {
            return new PhaseRow(what + " (not reached)", n, Double.NaN, work, null, notes);
        }
        return new PhaseRow(what, n, (end.getAsLong() - start) / 1e9, work, Bound.of(limits, work), notes);
    }

    private static boolean applied(RdsPoolConfig config, long generation) {
        Predicate<RdsPoolConfig> test = c -> c != null
                && c.getStatus() != null
                && c.getStatus().appliedGeneration() != null
                && c.getStatus().appliedGeneration() >= generation;
        return test.test(config);
    }

    private static String rate(int requestsPerSecond, int burst) {
        return "{\"rateLimit\":{\"requestsPerSecond\":" + requestsPerSecond + ",\"burst\":" + burst + "}}";
    }
}
