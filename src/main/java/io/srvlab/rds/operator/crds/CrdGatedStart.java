package io.srvlab.rds.operator.crds;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts the reconcilers only against CRDs at least as new as this operator's: under an older CRD the API server
 * would prune fields the operator writes or a user set (a tenancy rule, a limit), and the operator would act on a
 * spec that silently lost them. Until then nothing is reconciled, readiness is down, and the check is repeated.
 * (quarkus.operator-sdk.start-operator is false, so nothing else starts the operator.)
 */
@Singleton
public class CrdGatedStart {
    private static final Logger LOG = Logger.getLogger(CrdGatedStart.class);

    private final Operator operator;
    private final CrdCompatibility crds;
    private final Duration recheck;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "crd-check");
        thread.setDaemon(true);
        return thread;
    });
    private volatile CrdCompatibility.Verdict last;
    private volatile boolean started;

    CrdGatedStart(
            Operator operator,
            CrdCompatibility crds,
            @ConfigProperty(name = "rds.crd-recheck", defaultValue = "30s") Duration recheck) {
        this.operator = operator;
        this.crds = crds;
        this.recheck = recheck;
    }

    void onStart(@Observes StartupEvent event) {
        timer.execute(this::checkAndStart);
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    /** Whether the reconcilers run; false while the installed CRDs are older than this operator's. */
    public boolean serving() {
        return started;
    }

    /** What the last check found; null before the first. */
    public CrdCompatibility.Verdict lastVerdict() {
        return last;
    }

    private void checkAndStart() {
        CrdCompatibility.Verdict verdict;
        try {
            verdict = crds.check();
        } catch (RuntimeException e) {
            LOG.errorf("Checking the installed CRDs failed (%s); checking again in %s", e, recheck);
            timer.schedule(this::checkAndStart, recheck.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        boolean changed = last == null || !last.equals(verdict);
        last = verdict;
        if (!verdict.current()) {
            if (changed) {
                LOG.errorf("Not serving: %s. Checking again every %s", verdict.describe(), recheck);
            }
            timer.schedule(this::checkAndStart, recheck.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        LOG.info("The installed CRDs carry every field of this operator's; starting the reconcilers");
        try {
            operator.start();
        } catch (RuntimeException e) {
            LOG.error("Starting the reconcilers failed; exiting", e);
            Quarkus.asyncExit(1);
            return;
        }
        // Informers retry a failed first list until quarkus.operator-sdk.cache-sync-timeout (a connection the API
        // server closed must not end the process). One still without its cache then must not go on serving from an
        // empty one, so the operator exits as on any failed start (JOSDK starts each controller once its own caches
        // are filled, so others may have begun; with leader election they wait for the lease).
        List<String> unsynced = unsyncedInformers(operator.getRuntimeInfo());
        if (!unsynced.isEmpty()) {
            LOG.errorf("The caches of %s did not fill within the cache-sync timeout; exiting", unsynced);
            Quarkus.asyncExit(1);
            return;
        }
        started = true;
    }

    private static List<String> unsyncedInformers(RuntimeInfo runtime) {
        List<String> unsynced = new ArrayList<>();
        for (RegisteredController<?> controller : runtime.getRegisteredControllers()) {
            Map<String, InformerWrappingEventSourceHealthIndicator> sources =
                    controller.getControllerHealthInfo().informerEventSourceHealthIndicators();
            for (var source : sources.entrySet()) {
                Map<String, InformerHealthIndicator> informers =
                        source.getValue().informerHealthIndicators();
                if (informers.values().stream().anyMatch(informer -> !informer.hasSynced())) {
                    unsynced.add(controller.getConfiguration().getName() + "/" + source.getKey());
                }
            }
        }
        return unsynced;
    }
}
