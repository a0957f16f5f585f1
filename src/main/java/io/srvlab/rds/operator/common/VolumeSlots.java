package io.srvlab.rds.operator.common;

import io.srvlab.rds.api.ApiPatterns;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus;

/** The slot on the RDS an RdsVolume names: the recorded one, else the one it asks for, else one from its uid. */
public final class VolumeSlots {
    /** Slots derived from the uid: 5 + 36 characters, within the 63 allowed. */
    public static final String PREFIX = ApiPatterns.OPERATOR_SLOT_PREFIX;

    private VolumeSlots() {}

    public static String of(RdsVolume volume) {
        RdsVolumeStatus status = volume.getStatus();
        if (status != null && status.filePath() != null && status.slot() != null) {
            return status.slot();
        }
        return isExplicit(volume)
                ? volume.getSpec().slot()
                : PREFIX + volume.getMetadata().getUid();
    }

    public static boolean isExplicit(RdsVolume volume) {
        String explicit = volume.getSpec().slot();
        return explicit != null && !explicit.isEmpty();
    }
}
