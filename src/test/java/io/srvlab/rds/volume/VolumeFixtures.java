package io.srvlab.rds.volume;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.pool.PoolSettings;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.SshTarget;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.simulator.SimulatedSession;
import io.srvlab.rds.simulator.SimulatorKeys;
import java.security.KeyPair;
import java.time.Instant;
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

    /**
     * A real pool whose sessions are in-memory sessions of {@code simulator} (no SSH): the endpoint only names the
     * pool. Rate limits high enough never to be what a test measures.
     */
    static RdsPool inMemoryPool(String name, RouterOsSimulator simulator) {
        KeyPair key = SimulatorKeys.ed25519();
        var endpoint = SshTarget.of(
                "127.0.0.1",
                22,
                "admin",
                SimulatorKeys.privateKeyText(key),
                SimulatorKeys.publicKeyLine(key.getPublic()));
        return new RdsPool(
                name,
                PoolSettings.builder(endpoint)
                        .requestsPerSecond(1000)
                        .burst(1000)
                        .build(),
                target -> SimulatedSession.connector(simulator, SimulatedSession.WIDE_CONSOLE_LOGIN),
                new SimpleMeterRegistry());
    }

    static Instant deadline() {
        return Instant.now().plusSeconds(30);
    }

    static SimulatedDisk disk(String slot, String filePath) {
        return new SimulatedDisk(slot, filePath, 1L << 30, true, 4420, "nqn.2000-02.com.mikrotik:" + slot, false);
    }
}
