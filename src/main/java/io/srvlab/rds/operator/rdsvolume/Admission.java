package io.srvlab.rds.operator.rdsvolume;

import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.operator.common.Failure;
import java.time.Duration;

/** What a reconcile of an RdsVolume may do: wait visibly, hold still, be refused, or work on the disk. */
sealed interface Admission {
    /** Not yet: the volume is Pending for {@code reason}, looked at again after {@code recheck} (null: on an event). */
    record Waiting(String reason, String message, Duration recheck) implements Admission {}

    /** Nothing to write now; looked at again after {@code recheck}. */
    record Holding(Duration recheck) implements Admission {}

    /** Refused before anything is sent to the RDS. */
    record Refused(Failure failure, Phase phase) implements Admission {}

    /** The disk may be worked on: checked for drift when settled, else provisioned. */
    record Admitted(VolumeWork work) implements Admission {}

    /** Whether the reconcile provisions, and so needs one of its namespace's turns on the RDS. */
    default boolean provisions() {
        return this instanceof Admitted admitted && !admitted.work().settled();
    }
}
