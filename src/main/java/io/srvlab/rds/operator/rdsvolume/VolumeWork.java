package io.srvlab.rds.operator.rdsvolume;

import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.operator.rdspoolconfig.PoolConfigFacts;
import io.srvlab.rds.operator.rdspoolconfig.ServerIdentity;
import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.volume.Inventories;
import io.srvlab.rds.volume.Inventory;
import io.srvlab.rds.volume.VolumePlan;
import java.time.Clock;
import java.time.Instant;

/**
 * What one reconcile of an admitted RdsVolume works with: the volume, its pool config and the pool serving it, and
 * where the disk lives ({@code settled}: Ready for its generation, so only its disk is looked at).
 */
record VolumeWork(RdsVolume volume, RdsPoolConfig config, RdsPool pool, VolumePlan plan, boolean settled) {

    /** Leases are per server: the one the volume was provisioned on, else the one its pool config names now. */
    String serverKey() {
        return serverKey(volume, config);
    }

    static String serverKey(RdsVolume volume, RdsPoolConfig config) {
        RdsVolumeStatus status = volume.getStatus();
        return ServerIdentity.key(
                status != null && status.server() != null ? status.server() : ServerIdentity.of(config));
    }

    /** When the RouterOS work begun now must be done. */
    Instant deadline(Clock clock) {
        return clock.instant().plus(PoolConfigFacts.commandBudget(config.getSpec()));
    }

    /** The pool's shared inventory, at most a status interval old. */
    Inventory inventory(Inventories inventories, Instant deadline) throws PoolException, RouterOsException {
        return inventories.current(
                config.getMetadata().getName(),
                pool,
                PoolConfigFacts.inventoryScope(config.getSpec()),
                PoolConfigFacts.statusInterval(config.getSpec()),
                deadline);
    }

    static String name(RdsVolume volume) {
        return volume.getMetadata().getNamespace() + "/" + volume.getMetadata().getName();
    }
}
