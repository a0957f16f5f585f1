package io.srvlab.rds.operator.rdspoolconfig;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsPoolConfigStatus;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.common.EventReasons;
import io.srvlab.rds.operator.common.EventRecorder;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.FailureClassifier;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.operator.common.StatusRecorder;
import io.srvlab.rds.operator.common.VolumeSlots;
import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.SystemInfo;
import io.srvlab.rds.volume.Inventories;
import io.srvlab.rds.volume.Inventory;
import io.srvlab.rds.volume.ServerFacts;
import io.srvlab.rds.volume.VolumeOperations;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * One live {@link RdsPool} per RdsPoolConfig: created on first sight, hot-reloaded on a new generation or a rotated
 * key Secret, closed on delete once no RdsVolume uses it. Status carries reachability, breaker state and pool
 * metrics, refreshed every {@code statusInterval} and written only when something changed ({@link
 * PoolConfigStatuses}, {@link StatusRecorder}).
 */
@ControllerConfiguration(name = RdsPoolConfigReconciler.NAME)
public class RdsPoolConfigReconciler implements Reconciler<RdsPoolConfig>, Cleaner<RdsPoolConfig> {
    private static final Logger LOG = Logger.getLogger(RdsPoolConfigReconciler.class);
    static final String NAME = "rdspoolconfig";
    static final String SECRET_INDEX = "privateKeySecret";
    private static final Duration IN_USE_RECHECK = Duration.ofSeconds(10);
    private static final List<String> ANNOUNCED_CONDITIONS =
            List.of(ConditionTypes.READY, ConditionTypes.CIRCUIT_CLOSED);

    private final PoolService pools;
    private final VolumeOperations operations;
    private final EventRecorder events;
    private final Inventories inventories;
    private final InventoryGauge gauges;
    private final Map<String, Identified> identities = new ConcurrentHashMap<>();
    private final String secretNamespace;
    private final Clock clock;
    private final PoolConfigStatuses statuses;
    private final StatusRecorder<RdsPoolConfig, RdsPoolConfigStatus> recorder =
            new StatusRecorder<>(RdsPoolConfig::new);

    @Inject
    public RdsPoolConfigReconciler(
            PoolService pools,
            VolumeOperations operations,
            EventRecorder events,
            Inventories inventories,
            InventoryGauge gauges,
            Clock clock,
            @ConfigProperty(name = "rds.secret-namespace") String secretNamespace) {
        this.pools = pools;
        this.operations = operations;
        this.events = events;
        this.inventories = inventories;
        this.gauges = gauges;
        this.clock = clock;
        this.statuses = new PoolConfigStatuses(clock);
        this.secretNamespace = secretNamespace;
    }

    @Override
    public List<EventSource<?, RdsPoolConfig>> prepareEventSources(EventSourceContext<RdsPoolConfig> context) {
        context.getPrimaryCache().addIndexer(SECRET_INDEX, config -> List.of(secretKey(config.getSpec())));
        // Only the operator's own namespace is watched: SSH keys live there, and RBAC grants Secrets nowhere else.
        var secrets = InformerEventSourceConfiguration.from(Secret.class, RdsPoolConfig.class)
                .withNamespaces(Set.of(secretNamespace))
                .withPrimaryToSecondaryMapper((RdsPoolConfig config) -> Set.of(new ResourceID(
                        config.getSpec().server().privateKeySecretRef().name(),
                        config.getSpec().server().privateKeySecretRef().namespace())))
                .withSecondaryToPrimaryMapper(secret -> context
                        .getPrimaryCache()
                        .byIndex(
                                SECRET_INDEX,
                                secret.getMetadata().getNamespace() + "/"
                                        + secret.getMetadata().getName())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build();
        // The config's volumes, to tell orphan disks from live ones. Read only: their changes wake no pool config,
        // and the cache keeps only the fields read here (a second full copy of every RdsVolume would double the heap).
        var volumes = InformerEventSourceConfiguration.from(RdsVolume.class, RdsPoolConfig.class)
                .withItemStore(new ReducedStateItemStore<>(
                        ReducedStateItemStore.NAME_KEY_STATE,
                        RdsVolume.class,
                        context.getClient().getKubernetesSerialization(),
                        "metadata.uid",
                        "spec.poolConfigName",
                        "spec.slot",
                        "status.slot",
                        "status.filePath"))
                .withSecondaryToPrimaryMapper(
                        volume -> Set.of(new ResourceID(volume.getSpec().poolConfigName())))
                .withOnAddFilter(volume -> false)
                .withOnUpdateFilter((newVolume, oldVolume) -> false)
                .withOnDeleteFilter((volume, unknownState) -> false)
                .build();
        return List.of(new InformerEventSource<>(secrets, context), new InformerEventSource<>(volumes, context));
    }

    private static String secretKey(RdsPoolConfigSpec spec) {
        var ref = spec.server().privateKeySecretRef();
        return ref.namespace() + "/" + ref.name();
    }

    @Override
    public UpdateControl<RdsPoolConfig> reconcile(RdsPoolConfig config, Context<RdsPoolConfig> context) {
        String name = config.getMetadata().getName();
        RdsPoolConfigSpec spec = config.getSpec();
        KeySecret key = KeySecret.read(spec, context.getSecondaryResource(Secret.class), secretNamespace);
        if (!key.usable()) {
            close(name);
            return record(config, statuses.with(config, key.problem()));
        }
        PoolService.Applied applied;
        try {
            applied = pools.apply(
                    name,
                    PoolSettingsMapping.from(spec, key.privateKey()),
                    Objects.requireNonNullElse(config.getMetadata().getGeneration(), 0L));
        } catch (IllegalArgumentException invalid) {
            return record(
                    config,
                    statuses.with(
                            config,
                            Conditions.of(ConditionTypes.READY, false, Reasons.INVALID_SPEC, invalid.getMessage())));
        }
        RdsPool pool = applied.pool();
        ServerFacts facts = null;
        Failure probeFailure = null;
        RdsPoolConfigStatus.InventoryStatus found = null;
        Instant deadline = clock.instant().plus(PoolConfigFacts.commandBudget(spec));
        try {
            SystemInfo system = identity(name, applied, deadline);
            Inventory inventory = inventories.fresh(name, pool, PoolConfigFacts.inventoryScope(spec), deadline);
            facts = new ServerFacts(
                    system.identity(),
                    system.version(),
                    inventory.capacity().totalBytes(),
                    inventory.capacity().freeBytes());
            LiveVolumes live = LiveVolumes.of(context);
            Inventory.Findings findings = inventory.findings(name, live.uids(), live.slots());
            gauges.record(name, inventory, findings);
            found = PoolConfigStatuses.inventory(inventory, findings);
        } catch (PoolException | RouterOsException e) {
            probeFailure = FailureClassifier.classify(e, Duration.ZERO);
            if (probeFailure.interrupted()) {
                return UpdateControl.noUpdate();
            }
        }
        var seen = new PoolConfigStatuses.Observation(
                pools.applied(name).orElse(applied), // an edit the reload lane applied meanwhile is the one to show
                pool.metrics(),
                RdsPoolConfigStatus.CircuitState.valueOf(pool.circuitState().name()),
                facts,
                probeFailure,
                found);
        RdsPoolConfigStatus status = statuses.observed(config, seen);
        reportHostKeyMode(config, status);
        reportOrphans(config, status);
        return record(config, status).rescheduleAfter(PoolConfigFacts.statusInterval(spec));
    }

    /** The status update, announced by an event when Ready or CircuitClosed changed its reason. */
    private UpdateControl<RdsPoolConfig> record(RdsPoolConfig config, RdsPoolConfigStatus status) {
        announce(config, status);
        return recorder.update(config, status);
    }

    private void announce(RdsPoolConfig config, RdsPoolConfigStatus status) {
        events.transitions(
                config, PoolConfigStatuses.current(config).conditions(), status.conditions(), ANNOUNCED_CONDITIONS);
    }

    /**
     * The server's name and version, read once per loaded pool (a reload or a new server reads them again): the
     * inventory alone shows every interval that the server answers.
     */
    private SystemInfo identity(String name, PoolService.Applied applied, Instant deadline)
            throws PoolException, RouterOsException {
        Identified known = identities.get(name);
        if (known != null && known.applied().equals(applied)) {
            return known.system();
        }
        SystemInfo system = operations.identify(applied.pool(), deadline);
        identities.put(name, new Identified(applied, system));
        return system;
    }

    private record Identified(PoolService.Applied applied, SystemInfo system) {}

    /** The UIDs and slots of the config's RdsVolumes: a disk they account for is neither an orphan nor foreign. */
    private record LiveVolumes(Set<String> uids, Set<String> slots) {
        static LiveVolumes of(Context<RdsPoolConfig> context) {
            Set<String> uids = new HashSet<>();
            Set<String> slots = new HashSet<>();
            for (RdsVolume volume : context.getSecondaryResources(RdsVolume.class)) {
                uids.add(volume.getMetadata().getUid());
                slots.add(VolumeSlots.of(volume));
            }
            return new LiveVolumes(uids, slots);
        }
    }

    /** A Warning event whenever the inventory finds more orphan disks than the status showed before. */
    private void reportOrphans(RdsPoolConfig config, RdsPoolConfigStatus status) {
        if (status.inventory() == null) {
            return;
        }
        var before = PoolConfigStatuses.current(config).inventory();
        int was = before == null ? 0 : before.orphans().count();
        var now = status.inventory().orphans();
        if (now.count() > was) {
            events.warning(
                    config,
                    EventReasons.ORPHANS_FOUND,
                    now.count() + " disk(s) under "
                            + config.getSpec().volumeDefaults().basePath()
                            + " carry this pool config's owner marker but their RdsVolume is gone: "
                            + String.join(", ", now.items())
                            + (now.count() > now.items().size() ? ", …" : "")
                            + ". They are left as they are; see status.inventory.");
        }
    }

    /** Insecure host-key mode is a gauge, and a Warning event when the condition first says so. */
    private void reportHostKeyMode(RdsPoolConfig config, RdsPoolConfigStatus status) {
        Condition now = Conditions.find(status.conditions(), ConditionTypes.HOST_KEY_VERIFIED)
                .orElseThrow();
        boolean skipped = !Condition.TRUE.equals(now.getStatus());
        pools.hostKeyVerification(config.getMetadata().getName(), skipped);
        boolean wasSkipped = Conditions.find(
                        PoolConfigStatuses.current(config).conditions(), ConditionTypes.HOST_KEY_VERIFIED)
                .map(c -> !Condition.TRUE.equals(c.getStatus()))
                .orElse(false);
        if (skipped && !wasSkipped) {
            events.warning(config, now.getReason(), now.getMessage());
        }
    }

    @Override
    public DeleteControl cleanup(RdsPoolConfig config, Context<RdsPoolConfig> context) {
        String name = config.getMetadata().getName();
        List<String> users = context.getClient().resources(RdsVolume.class).inAnyNamespace().list().getItems().stream()
                .filter(v -> name.equals(v.getSpec().poolConfigName()))
                .map(v -> v.getMetadata().getNamespace() + "/" + v.getMetadata().getName())
                .sorted()
                .toList();
        if (!users.isEmpty()) {
            var blocked = statuses.with(config, PoolConfigStatuses.inUse(users));
            announce(config, blocked);
            recorder.write(context, config, blocked);
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(IN_USE_RECHECK);
        }
        close(name);
        return DeleteControl.defaultDelete();
    }

    private void close(String name) {
        pools.close(name);
        inventories.forget(name);
        gauges.remove(name);
        identities.remove(name);
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
        announce(config, failed);
        return recorder.updateError(config, failed);
    }
}
