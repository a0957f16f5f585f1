package io.srvlab.rds.operator.rdsvolume;

import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.operator.rdspoolconfig.ServerIdentity;
import io.srvlab.rds.volume.VolumePlan;
import java.util.Optional;

/** What refuses a volume before any command is sent: its namespace, or a pool config that now names another RDS. */
final class VolumeAdmission {
    private VolumeAdmission() {}

    static Optional<Failure> refusal(RdsVolume volume, RdsPoolConfig config) {
        String namespace = volume.getMetadata().getNamespace();
        String pool = config.getMetadata().getName();
        if (VolumePlans.history(volume) == VolumePlan.History.NEW
                && !VolumePlans.tenancy(config.getSpec()).allows(namespace)) {
            return Optional.of(Failure.permanent(
                    Reasons.NAMESPACE_NOT_ALLOWED,
                    "RdsPoolConfig " + pool + " does not let namespace " + namespace
                            + " use its RDS (spec.tenancy.namespaces); nothing was sent to the RDS"));
        }
        RdsVolumeStatus status = volume.getStatus();
        if (status != null && status.server() != null) {
            RdsVolumeStatus.Server now = ServerIdentity.of(config.getSpec().server());
            if (!ServerIdentity.same(status.server(), now)) {
                return Optional.of(Failure.permanent(
                        Reasons.SERVER_CHANGED,
                        "The disk was provisioned on " + ServerIdentity.describe(status.server())
                                + " but RdsPoolConfig "
                                + pool + " now points at " + ServerIdentity.describe(now)
                                + "; nothing is created or changed there"));
            }
        }
        return Optional.empty();
    }
}
