package io.srvlab.rds.operator.rdspoolconfig;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigStatus;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.common.FailureClassifier;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.operator.common.StatusRecorder;
import io.srvlab.rds.pool.RdsPool;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * One live {@link RdsPool} per RdsPoolConfig: created on first sight, hot-reloaded on a new generation or a rotated
 * key Secret, closed on delete once no RdsVolume uses it. Each reconcile reads the key, applies the settings, probes
 * the server ({@link ServerProbe}), builds the status ({@link PoolConfigStatuses}), announces what changed ({@link
 * PoolConfigAnnouncer}) and records it ({@link StatusRecorder}) every {@code statusInterval}.
 */
@ControllerConfiguration(name = RdsPoolConfigReconciler.NAME)
public class RdsPoolConfigReconciler implements Reconciler<RdsPoolConfig>, Cleaner<RdsPoolConfig> {
    private static final Logger LOG = Logger.getLogger(RdsPoolConfigReconciler.class);
    static final String NAME = "rdspoolconfig";
    private static final Duration IN_USE_RECHECK = Duration.ofSeconds(10);

    private final PoolService pools;
    private final ServerProbe probe;
    private final PoolConfigAnnouncer announcer;
    private final String secretNamespace;
    private final PoolConfigStatuses statuses;
    private final StatusRecorder<RdsPoolConfig, RdsPoolConfigStatus> recorder =
            new StatusRecorder<>(RdsPoolConfig::new);

    @Inject
    public RdsPoolConfigReconciler(
            PoolService pools,
            ServerProbe probe,
            PoolConfigAnnouncer announcer,
            Clock clock,
            @ConfigProperty(name = "rds.secret-namespace") String secretNamespace) {
        this.pools = pools;
        this.probe = probe;
        this.announcer = announcer;
        this.statuses = new PoolConfigStatuses(clock);
        this.secretNamespace = secretNamespace;
    }

    @Override
    public List<EventSource<?, RdsPoolConfig>> prepareEventSources(EventSourceContext<RdsPoolConfig> context) {
        return PoolConfigWatch.sources(context, secretNamespace);
    }

    @Override
    public UpdateControl<RdsPoolConfig> reconcile(RdsPoolConfig config, Context<RdsPoolConfig> context) {
        String name = config.getMetadata().getName();
        KeySecret key = KeySecret.read(config.getSpec(), context.getSecondaryResource(Secret.class), secretNamespace);
        if (!key.usable()) {
            close(name);
            return record(config, statuses.with(config, key.problem()));
        }
        PoolService.Applied applied;
        try {
            applied = pools.apply(
                    name,
                    PoolSettingsMapping.from(config.getSpec(), key.privateKey()),
                    PoolConfigFacts.generation(config));
        } catch (IllegalArgumentException invalid) {
            var condition = Conditions.of(ConditionTypes.READY, false, Reasons.INVALID_SPEC, invalid.getMessage());
            return record(config, statuses.with(config, condition));
        }
        ServerProbe.Probe seen = probe.look(config, applied, LiveVolumes.of(context));
        if (seen.interrupted()) {
            return UpdateControl.noUpdate();
        }
        RdsPoolConfigStatus status = statuses.observed(config, observation(name, applied, seen));
        announcer.observed(config, status);
        return recorder.update(config, status).rescheduleAfter(PoolConfigFacts.statusInterval(config.getSpec()));
    }

    private PoolConfigStatuses.Observation observation(
            String name, PoolService.Applied applied, ServerProbe.Probe seen) {
        RdsPool pool = applied.pool();
        return new PoolConfigStatuses.Observation(
                pools.applied(name).orElse(applied), // an edit the reload lane applied meanwhile is the one to show
                pool.metrics(),
                RdsPoolConfigStatus.CircuitState.valueOf(pool.circuitState().name()),
                seen.facts(),
                seen.failure(),
                seen.inventory());
    }

    /** The status update, announced by an event when Ready or CircuitClosed changed its reason. */
    private UpdateControl<RdsPoolConfig> record(RdsPoolConfig config, RdsPoolConfigStatus status) {
        announcer.transitions(config, status);
        return recorder.update(config, status);
    }

    @Override
    public DeleteControl cleanup(RdsPoolConfig config, Context<RdsPoolConfig> context) {
        String name = config.getMetadata().getName();
        List<String> users = context.getClient().resources(RdsVolume.class).inAnyNamespace().list().getItems().stream()
                .filter(v -> name.equals(v.getSpec().poolConfigName()) && PoolConfigUsers.holdsADisk(v))
                .map(v -> v.getMetadata().getNamespace() + "/" + v.getMetadata().getName())
                .sorted()
                .toList();
        if (!users.isEmpty()) {
            var blocked = statuses.with(config, PoolConfigStatuses.inUse(users));
            announcer.transitions(config, blocked);
            recorder.write(context, config, blocked);
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(IN_USE_RECHECK);
        }
        close(name);
        return DeleteControl.defaultDelete();
    }

    /** Everything kept for a pool config goes at once: its pool and meters, what was read of its server. */
    private void close(String name) {
        pools.close(name);
        probe.forget(name);
    }

    /** An exception no path expected: logged with its stack trace, shown in status, retried by JOSDK. */
    @Override
    public ErrorStatusUpdateControl<RdsPoolConfig> updateErrorStatus(
            RdsPoolConfig config, Context<RdsPoolConfig> context, Exception e) {
        LOG.errorf(
                e, "Reconciling RdsPoolConfig %s failed", config.getMetadata().getName());
        var failed = statuses.with(
                config,
                Conditions.of(ConditionTypes.READY, false, Reasons.RECONCILE_ERROR, FailureClassifier.describe(e)));
        announcer.transitions(config, failed);
        return recorder.updateError(config, failed);
    }
}
