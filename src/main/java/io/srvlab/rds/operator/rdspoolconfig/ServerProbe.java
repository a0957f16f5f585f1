package io.srvlab.rds.operator.rdspoolconfig;

import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsPoolConfigStatus;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.FailureClassifier;
import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.SystemInfo;
import io.srvlab.rds.volume.Inventories;
import io.srvlab.rds.volume.Inventory;
import io.srvlab.rds.volume.ServerFacts;
import io.srvlab.rds.volume.VolumeOperations;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One look at a pool config's RDS through its pool: the server's name and version (read once per loaded pool) and a
 * fresh inventory, whose capacity and findings also go to the {@link InventoryGauge}.
 */
@Singleton
class ServerProbe {
    private final VolumeOperations operations;
    private final Inventories inventories;
    private final InventoryGauge gauges;
    private final Clock clock;
    private final Map<String, Identified> identities = new ConcurrentHashMap<>();

    ServerProbe(VolumeOperations operations, Inventories inventories, InventoryGauge gauges, Clock clock) {
        this.operations = operations;
        this.inventories = inventories;
        this.gauges = gauges;
        this.clock = clock;
    }

    /** What the look found: {@code facts} and {@code inventory}, or the {@code failure} that stopped it. */
    record Probe(ServerFacts facts, RdsPoolConfigStatus.InventoryStatus inventory, Failure failure) {
        boolean interrupted() {
            return failure != null && failure.interrupted();
        }
    }

    Probe look(RdsPoolConfig config, PoolService.Applied applied, LiveVolumes live) {
        String name = config.getMetadata().getName();
        RdsPoolConfigSpec spec = config.getSpec();
        Instant deadline = clock.instant().plus(PoolConfigFacts.commandBudget(spec));
        try {
            SystemInfo system = identity(name, applied, deadline);
            Inventory inventory =
                    inventories.fresh(name, applied.pool(), PoolConfigFacts.inventoryScope(spec), deadline);
            var facts = new ServerFacts(
                    system.identity(),
                    system.version(),
                    system.hostKeyFingerprint(),
                    inventory.capacity().totalBytes(),
                    inventory.capacity().freeBytes());
            Inventory.Findings findings = inventory.findings(name, live.uids(), live.slots());
            gauges.record(name, inventory, findings);
            return new Probe(facts, PoolConfigStatuses.inventory(inventory, findings), null);
        } catch (PoolException | RouterOsException e) {
            return new Probe(null, null, FailureClassifier.classify(e, Duration.ZERO));
        }
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

    /** Forgets what was read of the config's server, and its gauges. */
    void forget(String name) {
        inventories.forget(name);
        gauges.remove(name);
        identities.remove(name);
    }
}
