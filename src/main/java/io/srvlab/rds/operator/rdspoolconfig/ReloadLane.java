package io.srvlab.rds.operator.rdspoolconfig;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigStatus;
import io.srvlab.rds.operator.common.StatusRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Applies an edited RdsPoolConfig to its live pool at once, on a thread of its own, and records {@code
 * status.appliedGeneration} and {@code lastReloadTime}. JOSDK runs every reconcile from one shared queue, so under
 * load a pool config's reconcile waits behind the volume work it is meant to relieve; this lane does not. The
 * reconcile still follows (health, inventory, the full status) and applies the same settings, which is then a no-op.
 * The lane reuses the key the pool runs with and makes one API call (the status patch); a new key Secret reference or a
 * rotated key needs the Secret read, and is the reconcile's.
 *
 * <p>Started when this replica starts leading (see {@code io.srvlab.rds.operator.Leadership}), so only the leader acts.
 */
@ApplicationScoped
public class ReloadLane {
    private static final Logger LOG = Logger.getLogger(ReloadLane.class);
    /** How soon a lane that could not start (the API server did not answer) tries again. */
    private static final Duration RETRY = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final PoolService pools;

    private final ScheduledExecutorService lane = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rds-pool-config-reloads");
        t.setDaemon(true);
        return t;
    });
    private final StatusRecorder<RdsPoolConfig, RdsPoolConfigStatus> recorder =
            new StatusRecorder<>(RdsPoolConfig::new);
    private KubernetesClient own;
    private SharedIndexInformer<RdsPoolConfig> informer;

    public ReloadLane(KubernetesClient client, PoolService pools) {
        this.client = client;
        this.pools = pools;
    }

    /**
     * Starts the lane on its own thread: the caller (the leader-election callback, which JOSDK runs before it starts
     * the reconcilers) neither waits for the API server nor fails with it. A lane that cannot start yet tries again.
     */
    public void start() {
        lane.execute(this::open);
    }

    private synchronized void open() {
        if (informer != null) {
            return;
        }
        try {
            // A client of its own: the shared one's connections to the API server are as busy as the volume work,
            // and a reload must not queue behind it there either.
            own = new KubernetesClientBuilder()
                    .withConfig(client.getConfiguration())
                    .build();
            informer = own.resources(RdsPoolConfig.class).inform(edits());
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Pool config reload lane not started, trying again in %ss: %s", RETRY.toSeconds(), e.getMessage());
            if (own != null) {
                own.close();
                own = null;
            }
            lane.schedule(this::open, RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private ResourceEventHandler<RdsPoolConfig> edits() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(RdsPoolConfig config) {}

            @Override
            public void onUpdate(RdsPoolConfig before, RdsPoolConfig after) {
                boolean edited = !Objects.equals(
                        before.getMetadata().getGeneration(),
                        after.getMetadata().getGeneration());
                // A new key Secret reference needs the Secret read: that is the reconcile's job.
                boolean sameKey = Objects.equals(
                        before.getSpec().server().privateKeySecretRef(),
                        after.getSpec().server().privateKeySecretRef());
                if ((edited && sameKey) || behind(after)) {
                    lane.execute(() -> reload(after.getMetadata().getName()));
                }
            }

            @Override
            public void onDelete(RdsPoolConfig config, boolean deletedFinalStateUnknown) {}
        };
    }

    /** Loads the newest generation into a pool that already runs; a config without a pool is left to its reconcile. */
    private void reload(String name) {
        try {
            RdsPoolConfig config = informer.getStore().getByKey(name);
            Optional<PoolService.Applied> running = pools.applied(name);
            if (config == null || config.getMetadata().getDeletionTimestamp() != null || running.isEmpty()) {
                return;
            }
            // the key the pool runs with: a changed key Secret reference is left to the reconcile
            String key = running.get().pool().settings().endpoint().privateKey();
            long generation = PoolConfigFacts.generation(config);
            PoolService.Applied applied =
                    pools.apply(name, PoolSettingsMapping.from(config.getSpec(), key), generation);
            if (applied.generation() != generation || !behind(config)) {
                return;
            }
            recorder.merge(
                    own,
                    config,
                    RdsPoolConfigStatus.applied(generation, applied.loadedAt().toString()));
        } catch (RuntimeException e) {
            // the reconcile that follows applies and reports the same edit, with the error if there is one
            LOG.debugf("Reload of RdsPoolConfig %s left to its reconcile: %s", name, e.getMessage());
        }
    }

    /**
     * Whether the status shows an older generation than the pool runs: also after a reconcile that began before an
     * edit wrote its (by then outdated) status over the lane's.
     */
    private boolean behind(RdsPoolConfig config) {
        Long shown = config.getStatus() == null ? null : config.getStatus().appliedGeneration();
        return pools.applied(config.getMetadata().getName())
                .map(a -> shown == null || shown < a.generation())
                .orElse(false);
    }

    void onStop(@Observes ShutdownEvent event) {
        synchronized (this) {
            if (informer != null) {
                informer.close();
                own.close();
            }
        }
        lane.shutdownNow();
    }
}
