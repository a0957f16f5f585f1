package io.srvlab.rds.operator.rdsvolume;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.operator.common.RecordingEvents;
import io.srvlab.rds.operator.rdspoolconfig.InMemoryPools;
import io.srvlab.rds.operator.rdspoolconfig.PoolService;
import io.srvlab.rds.operator.storage.PersistentVolumeNqns;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedSession;
import io.srvlab.rds.simulator.SimulatorKeys;
import io.srvlab.rds.volume.Inventories;
import io.srvlab.rds.volume.VolumeOperations;
import java.lang.reflect.Proxy;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The volume reconciler as the operator wires it, over an in-memory RDS ({@link SimulatedSession}s of a simulator that
 * never listens), with a fixed clock, the Events it would send, slot leases in a map and the few API calls it makes
 * answered from memory. One flow is one object; {@link #restarted} is the next process over the same RDS.
 */
final class VolumeFlow implements AutoCloseable {
    static final String POOL_CONFIG = "rds-main";
    private static final KeyPair KEY = SimulatorKeys.ed25519();

    final RouterOsSimulator simulator;
    final Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    final RdsPoolConfig config = InMemoryPools.poolConfig(POOL_CONFIG, SimulatorKeys.publicKeyLine(KEY.getPublic()));
    final RecordingEvents events = new RecordingEvents(clock);
    final InMemorySlotLeases leases;
    final FakeCluster cluster = new FakeCluster();
    final PoolService pools;
    final PersistentVolumeNqns pvNqns = new PersistentVolumeNqns();
    final RdsVolumeReconciler reconciler;

    private VolumeFlow(RouterOsSimulator simulator, InMemorySlotLeases leases, boolean poolUp) {
        this.simulator = simulator;
        this.leases = leases;
        var meters = new SimpleMeterRegistry();
        this.pools = poolUp
                ? InMemoryPools.serving(config, SimulatorKeys.privateKeyText(KEY), simulator, clock)
                : new PoolService(
                        meters,
                        clock,
                        target -> SimulatedSession.connector(simulator, SimulatedSession.WIDE_CONSOLE_LOGIN));
        var operations = new VolumeOperations(new RouterOsClient(Duration.ofSeconds(5)));
        var inventories = new Inventories(operations);
        var outcomes = new OutcomeRecorder(new VolumePhaseGauge(meters), events, clock, Duration.ofMinutes(10));
        var readyStatus = new ReadyStatusBuilder(events, cluster.client(), clock);
        Duration driftCheckInterval = Duration.ofMinutes(5);
        var admission = new VolumeAdmission(
                pools,
                leases,
                new SourceLookup(cluster.client()),
                new BudgetLedger(Duration.ofSeconds(30)),
                new io.srvlab.rds.operator.storage.ClaimSizeBound(cluster.client()),
                Duration.ofSeconds(30));
        this.reconciler = new RdsVolumeReconciler(
                admission,
                new Provisioning(
                        admission,
                        operations,
                        leases,
                        new SpaceCheck(inventories, clock),
                        readyStatus,
                        outcomes,
                        clock,
                        driftCheckInterval,
                        pvNqns),
                new DriftCheck(
                        operations,
                        inventories,
                        new DriftCheckCounter(meters),
                        events,
                        readyStatus,
                        outcomes,
                        clock,
                        driftCheckInterval),
                new VolumeDeletion(
                        pools, operations, leases, events, outcomes, cluster.client(), clock, Duration.ofSeconds(30)),
                outcomes,
                pvNqns,
                new FairShare(clock));
    }

    static VolumeFlow over(RouterOsSimulator simulator) {
        return new VolumeFlow(simulator, new InMemorySlotLeases(), true);
    }

    /** A new operator process over the same RDS and leases; {@code poolUp}: its pool already serves the config. */
    VolumeFlow restarted(boolean poolUp) {
        close();
        return new VolumeFlow(simulator, leases, poolUp);
    }

    /** One reconcile; a status it patches becomes the volume's, as the API server would make it. */
    UpdateControl<RdsVolume> reconcile(RdsVolume volume) {
        UpdateControl<RdsVolume> control = reconciler.reconcile(volume, context());
        control.getResource().ifPresent(patched -> volume.setStatus(patched.getStatus()));
        return control;
    }

    DeleteControl delete(RdsVolume volume) {
        return reconciler.cleanup(volume, context());
    }

    /** Every command that changed the RDS. */
    List<String> mutations() {
        return simulator.commandLog().stream()
                .filter(c -> c.startsWith("/disk add") || c.startsWith("/disk set") || c.contains(" remove"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private Context<RdsVolume> context() {
        return (Context<RdsVolume>) Proxy.newProxyInstance(
                Context.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getSecondaryResource" ->
                        args[0] == RdsPoolConfig.class ? Optional.of(config) : Optional.empty();
                    case "getSecondaryResources" -> Set.of();
                    case "getClient" -> cluster.client();
                    case "getPrimaryCache" -> emptyCache();
                    default -> throw new UnsupportedOperationException("not faked: " + method);
                });
    }

    /** The informer's cache of volumes: the flow's volumes are reconciled one by one, so no others are counted. */
    private static io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache<RdsVolume> emptyCache() {
        @SuppressWarnings("unchecked")
        var cache = (io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache<RdsVolume>) Proxy.newProxyInstance(
                Context.class.getClassLoader(),
                new Class<?>[] {io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache.class},
                (self, method, args) -> switch (method.getName()) {
                    case "byIndex" -> List.of();
                    default -> throw new UnsupportedOperationException("not faked: " + method);
                });
        return cache;
    }

    static RdsVolume volume(String uid, RdsVolumeSpec.DeletionPolicy policy) {
        var volume = new RdsVolume();
        volume.getMetadata().setName("data");
        volume.getMetadata().setNamespace("apps");
        volume.getMetadata().setUid(uid);
        volume.getMetadata().setGeneration(1L);
        volume.setSpec(RdsVolumeSpec.of(POOL_CONFIG, "1Gi", policy, null));
        return volume;
    }

    @Override
    public void close() {
        pools.close(POOL_CONFIG);
    }
}
