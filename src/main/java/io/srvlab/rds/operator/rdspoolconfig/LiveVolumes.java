package io.srvlab.rds.operator.rdspoolconfig;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.operator.common.VolumeSlots;
import java.util.HashSet;
import java.util.Set;

/** The UIDs and slots of a config's RdsVolumes: a disk they account for is neither an orphan nor foreign. */
record LiveVolumes(Set<String> uids, Set<String> slots) {
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
