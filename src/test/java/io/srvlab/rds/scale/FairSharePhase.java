package io.srvlab.rds.scale;

import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.testing.Namespaces;
import io.srvlab.rds.testing.Readiness;
import io.srvlab.rds.testing.VolumeBatch;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A fair share of one RDS between namespaces, and budgets at scale: on a pool config of its own at {@value #RATE}
 * commands/s whose budget lets each namespace hold {@value #LIMIT} volumes, namespace A applies {@value #A_VOLUMES}
 * volumes at once; once A's batch is running (every volume taken up by the operator, the budget's refusals written, the
 * first {@value #A_RUNNING} Ready: what is left is A's RDS work), namespace B applies one. Measured:
 * B's time from its apply to Ready (goal: at most 3 s) with how much of A's batch was still queued, and how many of A's
 * volumes the budget refused ({@code QuotaExceeded}, expected {@code A_VOLUMES - LIMIT}). Runs after the other phases,
 * in namespaces of its own, and deletes what it made.
 */
final class FairSharePhase {
    static final int A_VOLUMES = 2000;
    static final int LIMIT = 1500;
    static final int RATE = 10;
    static final int A_RUNNING = 10;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);
    private static final String BASE_PATH = "/storage-pool/scale-fair";

    private final ScaleRun run;

    FairSharePhase(ScaleRun run) {
        this.run = run;
    }

    List<PhaseRow> run() throws Exception {
        var client = run.client();
        String pool = run.name() + "-fair";
        String a = run.name() + "-fa";
        String b = run.name() + "-fb";
        Namespaces.ensure(client, a);
        Namespaces.ensure(client, b);
        client.resource(poolConfigYaml(pool)).create();
        var watchA = new ReasonWatch();
        var watchB = new ReasonWatch();
        try (Watch wa = client.resources(RdsVolume.class).inNamespace(a).watch(watchA);
                Watch wb = client.resources(RdsVolume.class).inNamespace(b).watch(watchB)) {
            require(run.poll(STEP_TIMEOUT, () -> Readiness.isReady(run.poolConfig(pool))), pool + " Ready");
            long startA = System.nanoTime();
            VolumeBatch.create(client, a, "a", A_VOLUMES, pool, "1Gi", ScaleRun.CREATE_THREADS);
            run.log("fair share: %d volumes applied in %s in %.1f s", A_VOLUMES, a, (System.nanoTime() - startA) / 1e9);
            // A's batch running: the operator has taken up every one of A's volumes (its finalizer is on them), the
            // budget's refusals are written (every volume was looked at once), so what is left of A's batch is RDS
            // work queued in the operator; and the first of them are Ready.
            require(
                    run.poll(
                            STEP_TIMEOUT,
                            () -> watchA.takenUp() >= A_VOLUMES
                                    && watchA.withReason("QuotaExceeded") >= A_VOLUMES - LIMIT
                                    && watchA.ready() >= A_RUNNING),
                    "all of A's volumes taken up, " + (A_VOLUMES - LIMIT) + " refused and " + A_RUNNING + " Ready");
            run.log(
                    "fair share: A's batch running after %.1f s (%d Ready, %d refused)",
                    (System.nanoTime() - startA) / 1e9, watchA.ready(), watchA.withReason("QuotaExceeded"));

            long startB = System.nanoTime();
            String volume =
                    VolumeBatch.create(client, b, "b", 1, pool, "1Gi", 1).getFirst();
            require(run.poll(STEP_TIMEOUT, () -> watchB.readyAt(volume) != null), "B's volume Ready");
            double bSeconds = (watchB.readyAt(volume) - startB) / 1e9;
            int aReadyThen = watchA.ready();
            run.log("fair share: B Ready after %.2f s; A had %d of %d Ready", bSeconds, aReadyThen, A_VOLUMES);

            long refusedBy = System.nanoTime();
            run.poll(STEP_TIMEOUT, () -> watchA.withReason("QuotaExceeded") >= A_VOLUMES - LIMIT);
            long refused = watchA.withReason("QuotaExceeded");
            double refusedSeconds = (System.nanoTime() - startA) / 1e9;
            run.log(
                    "fair share: %d of A's volumes refused (QuotaExceeded) %.1f s after A's apply",
                    refused, refusedSeconds);
            String load = ScaleBench.loadAverage();
            return List.of(
                    new PhaseRow(
                            "fair share: B's one volume Ready while A's " + A_VOLUMES + " creates queue at " + RATE
                                    + "/s",
                            1,
                            bSeconds,
                            Work.NONE,
                            null,
                            String.format(
                                    Locale.ROOT,
                                    "goal <= 3 s; A had %d Ready, %d refused, the rest queued; load %s",
                                    aReadyThen,
                                    refused,
                                    load)),
                    new PhaseRow(
                            "budget: A's creates refused past maxVolumes " + LIMIT,
                            A_VOLUMES,
                            (System.nanoTime() - refusedBy) / 1e9 + bSeconds,
                            Work.NONE,
                            null,
                            String.format(
                                    Locale.ROOT,
                                    "%d refused with QuotaExceeded (expected %d), nothing sent for them",
                                    refused,
                                    A_VOLUMES - LIMIT)));
        } finally {
            cleanUp(pool, a, b);
        }
    }

    /**
     * Everything deleted (marked first, so that no queued volume is provisioned once the rate is raised), then the rate
     * raised by a hot reload so that removing what was provisioned is quick. A clean-up that fails is logged: the
     * figures are kept.
     */
    private void cleanUp(String pool, String a, String b) {
        var client = run.client();
        try {
            for (String namespace : List.of(a, b)) {
                run.poll(Duration.ofMinutes(2), () -> {
                    try {
                        client.resources(RdsVolume.class).inNamespace(namespace).delete();
                        return true;
                    } catch (RuntimeException busy) { // a loaded API server may close the connection first
                        return false;
                    }
                });
            }
            client.resources(RdsPoolConfig.class)
                    .withName(pool)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"spec\":{\"rateLimit\":{\"requestsPerSecond\":1000,\"burst\":1000}}}");
            boolean gone = run.poll(Duration.ofMinutes(10), () -> List.of(a, b).stream()
                    .allMatch(ns -> client.resources(RdsVolume.class)
                            .inNamespace(ns)
                            .list()
                            .getItems()
                            .isEmpty()));
            if (!gone) {
                run.log("fair share: volumes not gone after 10 min; the pool config and namespaces are left");
                return;
            }
            client.resources(RdsPoolConfig.class).withName(pool).delete();
            run.poll(Duration.ofMinutes(1), () -> run.poolConfig(pool) == null);
            client.namespaces().withName(a).delete();
            client.namespaces().withName(b).delete();
        } catch (RuntimeException e) {
            run.log("fair share: clean-up failed (%s); the next run may see leftovers", e);
        }
    }

    private String poolConfigYaml(String pool) {
        return run.poolConfigYaml(
                pool,
                BASE_PATH,
                10,
                10,
                RATE,
                RATE,
                "  tenancy: {limits: {default: {maxVolumes: %d}}}\n".formatted(LIMIT));
    }

    private static void require(boolean reached, String what) {
        if (!reached) {
            throw new IllegalStateException(what + " not reached within " + STEP_TIMEOUT.toMinutes() + " min");
        }
    }
}
