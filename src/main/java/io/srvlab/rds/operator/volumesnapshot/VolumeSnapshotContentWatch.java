package io.srvlab.rds.operator.volumesnapshot;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The operator as snapshotter for VolumeSnapshotContents of driver {@code rds.srvlab.io}, when enabled
 * ({@code rds.volume-snapshots.enabled}): on the leader, once the snapshot CRDs are served, it watches the contents and
 * passes each change to {@link ContentSync}, one content at a time, again after the delay that returns. Disabled, it
 * watches nothing and needs no permission; enabled without the CRDs, it says so and checks again.
 */
@Singleton
public class VolumeSnapshotContentWatch {
    private static final Logger LOG = Logger.getLogger(VolumeSnapshotContentWatch.class);
    private static final Duration RESYNC = Duration.ofMinutes(5);
    private static final Duration FAILED_RETRY = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final ContentSync sync;
    private final boolean enabled;
    private final Duration recheck;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "volume-snapshot-contents");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, ScheduledFuture<?>> queued = new ConcurrentHashMap<>();
    private volatile boolean starting;
    private volatile SharedIndexInformer<GenericKubernetesResource> informer;

    VolumeSnapshotContentWatch(
            KubernetesClient client,
            ContentSync sync,
            @ConfigProperty(name = "rds.volume-snapshots.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "rds.crd-recheck", defaultValue = "30s") Duration recheck) {
        this.client = client;
        this.sync = sync;
        this.enabled = enabled;
        this.recheck = recheck;
    }

    /** Starts watching when enabled (idempotent): for the leader only. */
    public synchronized void start() {
        if (!enabled || starting) {
            return;
        }
        starting = true;
        worker.execute(this::startWhenServed);
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
        if (informer != null) {
            informer.close();
        }
    }

    private void startWhenServed() {
        var contents = client.genericKubernetesResources(VolumeSnapshotApi.API_VERSION, VolumeSnapshotApi.CONTENT_KIND);
        try {
            contents.list(new ListOptionsBuilder().withLimit(1L).build());
        } catch (KubernetesClientException e) {
            LOG.errorf(
                    "VolumeSnapshots are enabled but %s cannot be listed (%s): %s; checking again in %s",
                    VolumeSnapshotApi.CONTENT_CRD,
                    e.getCode() == HttpURLConnection.HTTP_NOT_FOUND
                            ? "the snapshot CRDs are not installed"
                            : "HTTP " + e.getCode(),
                    e.getMessage(),
                    recheck);
            worker.schedule(this::startWhenServed, recheck.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        informer = contents.inform(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource content) {
                        queue(content.getMetadata().getName(), Duration.ZERO);
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource content) {
                        queue(content.getMetadata().getName(), Duration.ZERO);
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource content, boolean unknownFinalState) {
                        // gone: nothing is left to do for it
                    }
                },
                RESYNC.toMillis());
        LOG.infof("Taking the snapshots of VolumeSnapshotContents of driver %s", VolumeSnapshotApi.DRIVER);
    }

    /** Runs the content after {@code delay}; a sooner run replaces a later one already queued. */
    private void queue(String name, Duration delay) {
        queued.compute(name, (n, existing) -> {
            if (existing != null && !existing.isDone()) {
                if (existing.getDelay(TimeUnit.MILLISECONDS) <= delay.toMillis()) {
                    return existing;
                }
                existing.cancel(false);
            }
            return worker.schedule(() -> run(n), delay.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private void run(String name) {
        queued.remove(name);
        Duration again;
        try {
            again = sync.sync(name);
        } catch (KubernetesClientException e) {
            LOG.warnf("VolumeSnapshotContent %s: %s; trying again in %s", name, e.getMessage(), FAILED_RETRY);
            again = FAILED_RETRY;
        } catch (RuntimeException e) {
            LOG.errorf(e, "VolumeSnapshotContent %s failed; trying again in %s", name, FAILED_RETRY);
            again = FAILED_RETRY;
        }
        if (again != null) {
            queue(name, again);
        }
    }
}
