package io.srvlab.rds.volume;

import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import java.util.List;

/** The volume, plans and disks the volume-operation tests share. */
final class VolumeFixtures {
    static final OwnerMarker OWNER = new OwnerMarker("0b5c2f4e-1111-2222-3333-444455556666", "apps", "ops", "rds-main");
    static final VolumePlan PLAN = new VolumePlan(
            "pvc-ops",
            "/storage-pool/k8s/pvc-ops.img",
            1L << 30,
            "nqn.2000-02.com.mikrotik:pvc-ops",
            4420,
            OWNER,
            "",
            VolumePlan.History.NEW,
            false);

    private VolumeFixtures() {}

    static VolumePlan with(VolumePlan.History history) {
        return plan(history, PLAN.mayAdopt());
    }

    static VolumePlan adoptable() {
        return plan(PLAN.history(), true);
    }

    /** A plan no reconciler makes (adoption is for new volumes): the operations must refuse it all the same. */
    static VolumePlan adoptableProvisioned() {
        return plan(VolumePlan.History.PROVISIONED, true);
    }

    private static VolumePlan plan(VolumePlan.History history, boolean mayAdopt) {
        return new VolumePlan(
                PLAN.slot(),
                PLAN.filePath(),
                PLAN.sizeBytes(),
                PLAN.nqn(),
                PLAN.nvmeTcpPort(),
                OWNER,
                "",
                history,
                mayAdopt);
    }

    /** Every command that changes the RDS. */
    static List<String> mutations(RouterOsSimulator simulator) {
        return simulator.commandLog().stream()
                .filter(c -> c.startsWith("/disk add") || c.startsWith("/disk set") || c.contains(" remove"))
                .toList();
    }

    static SimulatedDisk disk(String slot, String filePath) {
        return new SimulatedDisk(slot, filePath, 1L << 30, true, 4420, "nqn.2000-02.com.mikrotik:" + slot, false);
    }
}
