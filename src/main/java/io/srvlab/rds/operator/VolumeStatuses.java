package io.srvlab.rds.operator;

import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.rds.Refusal;

/** Questions about a volume's recorded status that more than one class asks. */
final class VolumeStatuses {
    /** The explicit request a lost disk needs; the same words stand in the docs. */
    static final String RECREATE_HINT = "To provision a new, EMPTY disk in its place (the lost disk's file, if still"
            + " on the RDS, is removed), set spec.recreateMissingDisk to a new value (e.g. kubectl patch rdsvolume NAME --type merge -p '{\"spec\":{\"recreateMissingDisk\":\"1\"}}')";

    private VolumeStatuses() {}

    static boolean isDiskMissing(RdsVolumeStatus status) {
        return status.phase() == RdsVolumeStatus.Phase.Failed
                && Conditions.find(status.conditions(), RdsVolumeReconciler.READY)
                        .map(c -> Refusal.DiskMissing.name().equals(c.getReason()))
                        .orElse(false);
    }
}
