package io.srvlab.rds.volume;

import io.srvlab.rds.routeros.DiskInfo;

/**
 * A disk as the RDS reports it, with its exact size in bytes.
 *
 * @param origin how the disk came to be this volume's during the call that returned it
 * @param exportRepaired what was wrong with the export of the operator's own disk and was set right by this call;
 *     null when nothing was
 */
public record ProvisionedDisk(
        String slot,
        String filePath,
        long capacityBytes,
        String nqn,
        int nvmeTcpPort,
        Origin origin,
        String exportRepaired) {

    public ProvisionedDisk(
            String slot, String filePath, long capacityBytes, String nqn, int nvmeTcpPort, Origin origin) {
        this(slot, filePath, capacityBytes, nqn, nvmeTcpPort, origin, null);
    }

    /**
     * A disk this volume owns whose marker says it was adopted is reported as adopted on every look, not only on the
     * call that adopted it: a retried or repeated reconcile then records the same status.
     */
    static ProvisionedDisk of(DiskInfo disk, VolumePlan plan, Origin origin, String exportRepaired) {
        if (origin == Origin.OWNED
                && OwnerMarker.parse(disk.comment()).map(OwnerMarker::adopted).orElse(false)) {
            origin = Origin.ADOPTED;
        }
        return new ProvisionedDisk(
                disk.slot(),
                disk.filePath(),
                disk.sizeBytes(),
                disk.nqn() == null || disk.nqn().isEmpty() ? plan.nqn() : disk.nqn(),
                disk.nvmeTcpPort() > 0 ? disk.nvmeTcpPort() : plan.nvmeTcpPort(),
                origin,
                exportRepaired);
    }

    public enum Origin {
        /** Created by this call. */
        CREATED,
        /** Already there with this volume's owner marker. */
        OWNED,
        /** A disk taken over on the user's request: marked now, or earlier with a marker that says so. */
        ADOPTED,
        /** This volume's disk from before owner markers existed; marked now. */
        MARKED
    }
}
