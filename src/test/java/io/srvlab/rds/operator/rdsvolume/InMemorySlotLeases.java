package io.srvlab.rds.operator.rdsvolume;

import io.srvlab.rds.api.RdsVolume;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Slot leases in a map: server and slot to the holder's uid. */
final class InMemorySlotLeases implements SlotLeases {
    private final Map<String, String> holders = new ConcurrentHashMap<>();

    @Override
    public Optional<String> acquire(RdsVolume volume, String serverKey, String slot) {
        String uid = volume.getMetadata().getUid();
        String holder = holders.putIfAbsent(serverKey + "/" + slot, uid);
        return holder == null || holder.equals(uid) ? Optional.empty() : Optional.of("RdsVolume with uid " + holder);
    }

    @Override
    public void release(RdsVolume volume, String serverKey, String slot) {
        holders.remove(serverKey + "/" + slot, volume.getMetadata().getUid());
    }

    Map<String, String> holders() {
        return Map.copyOf(holders);
    }
}
