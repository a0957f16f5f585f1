package io.srvlab.rds.volume;

import static io.srvlab.rds.volume.OwnerMarker.describeComment;
import static io.srvlab.rds.volume.OwnerMarker.describeForTenant;

import io.srvlab.rds.routeros.DiskInfo;

/**
 * The refusals for a disk or NQN that is not the volume's: the message for the volume's users names no other tenant,
 * the detail (for the operator's log) says whose it is.
 */
final class OwnerRefusals {
    private OwnerRefusals() {}

    static RefusedException nqnInUse(VolumePlan plan, DiskInfo disk) {
        return new RefusedException(
                Refusal.NqnInUse,
                "Another disk is already exported as " + plan.nqn()
                        + "; a second disk under the same NQN would be indistinguishable to initiators",
                "NQN " + plan.nqn() + " is disk " + disk.slot() + "'s, which carries "
                        + describeComment(disk.comment()));
    }

    static RefusedException ownedByAnother(VolumePlan plan, DiskInfo disk) {
        return new RefusedException(
                Refusal.DiskOwnedByAnotherVolume,
                "Disk " + plan.slot() + " belongs to another RdsVolume; this volume leaves it alone",
                "disk " + plan.slot() + " belongs to " + describeComment(disk.comment()));
    }

    static RefusedException notOwned(VolumePlan plan, DiskInfo disk) {
        return new RefusedException(
                Refusal.DiskNotOwned,
                "Disk " + plan.slot() + " carries no owner marker of this volume (" + describeForTenant(disk.comment())
                        + "); the operator leaves it alone",
                "disk " + plan.slot() + " carries " + describeComment(disk.comment()));
    }
}
