package io.srvlab.rds.volume;

import io.srvlab.rds.routeros.DiskInfo;

/** The refusals for a disk in a volume's slot that is not the volume's, with who it belongs to. */
final class OwnerRefusals {
    private OwnerRefusals() {}

    static RefusedException ownedByAnother(VolumePlan plan, DiskInfo disk) {
        return new RefusedException(
                Refusal.DiskOwnedByAnotherVolume,
                "Disk " + plan.slot() + " belongs to " + describeOwner(disk) + "; this volume leaves it alone");
    }

    static RefusedException notOwned(VolumePlan plan, DiskInfo disk) {
        return new RefusedException(
                Refusal.DiskNotOwned,
                "Disk " + plan.slot() + " carries no owner marker of this volume (" + describeOwner(disk)
                        + "); the operator leaves it alone");
    }

    static String describeOwner(DiskInfo disk) {
        return OwnerMarker.parse(disk.comment())
                .map(m -> "RdsVolume " + m.describe())
                .orElse(disk.comment().isEmpty() ? "no owner marker" : "comment \"" + disk.comment() + "\"");
    }
}
