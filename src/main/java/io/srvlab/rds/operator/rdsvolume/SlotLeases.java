package io.srvlab.rds.operator.rdsvolume;

import io.srvlab.rds.api.RdsVolume;
import java.util.Optional;

/**
 * One claimant per slot on an RDS, cluster-wide: a lock taken before anything is sent for a volume that has no disk
 * yet, and dropped when the volume goes or turns out not to need the slot.
 */
public interface SlotLeases {
    /** Empty when the volume holds the lease (now or already); else who holds it, for the condition. */
    Optional<String> acquire(RdsVolume volume, String serverKey, String slot);

    /** Drops the volume's lease, if it holds one. */
    void release(RdsVolume volume, String serverKey, String slot);
}
