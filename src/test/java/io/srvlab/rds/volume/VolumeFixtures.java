package io.srvlab.rds.volume;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.pool.PoolSettings;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.CommandOutput;
import io.srvlab.rds.routeros.RouterOsCommand;
import io.srvlab.rds.routeros.RouterOsConnector;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsSession;
import io.srvlab.rds.routeros.SshTarget;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.simulator.SimulatedSession;
import io.srvlab.rds.simulator.SimulatorKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** The volume, plans and disks the volume-operation tests share. */
final class VolumeFixtures {
    static final OwnerMarker OWNER = new OwnerMarker("0b5c2f4e-1111-2222-3333-444455556666", "apps", "ops", "rds-main");
    /** The base path of the pool config of {@link #PLAN}. */
    static final String BASE_PATH = "/storage-pool/k8s";

    static final VolumePlan PLAN = new VolumePlan(
            "pvc-ops",
            BASE_PATH + "/pvc-ops.img",
            BASE_PATH,
            1L << 30,
            "nqn.2000-02.com.mikrotik:pvc-ops",
            4420,
            OWNER,
            "",
            VolumePlan.History.NEW,
            false);

    private VolumeFixtures() {}

    static VolumePlan with(VolumePlan.History history) {
        return plan(history, PLAN.mayAdopt(), PLAN.basePath());
    }

    /**
     * A new volume that may adopt, on a pool config whose base path is the whole storage pool (the disks these tests
     * adopt lie in other directories of it than {@link #BASE_PATH}).
     */
    static VolumePlan adoptable() {
        return plan(PLAN.history(), true, "/storage-pool");
    }

    /** A plan no reconciler makes (adoption is for new volumes): the operations must refuse it all the same. */
    static VolumePlan adoptableProvisioned() {
        return plan(VolumePlan.History.PROVISIONED, true, PLAN.basePath());
    }

    /** A plan whose slot and file path (as recorded in a status) are chosen by the test. */
    static VolumePlan recorded(String slot, String filePath, VolumePlan.History history) {
        return new VolumePlan(
                slot,
                filePath,
                PLAN.basePath(),
                PLAN.sizeBytes(),
                "nqn.2000-02.com.mikrotik:" + slot,
                PLAN.nvmeTcpPort(),
                OWNER,
                "",
                history,
                false);
    }

    private static VolumePlan plan(VolumePlan.History history, boolean mayAdopt, String basePath) {
        return new VolumePlan(
                PLAN.slot(),
                PLAN.filePath(),
                basePath,
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
        return inMemoryPool(name, simulator, line -> {});
    }

    /**
     * As {@link #inMemoryPool(String, RouterOsSimulator)}, with {@code beforeEach} run just before each command line
     * reaches the simulator: another party acting on the RDS between two of the operator's commands.
     */
    static RdsPool inMemoryPool(String name, RouterOsSimulator simulator, Consumer<String> beforeEach) {
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
                target -> {
                    RouterOsConnector sessions =
                            SimulatedSession.connector(simulator, SimulatedSession.WIDE_CONSOLE_LOGIN);
                    return () -> interceptedBy(sessions.connect(), beforeEach);
                },
                new SimpleMeterRegistry());
    }

    private static RouterOsSession interceptedBy(RouterOsSession session, Consumer<String> beforeEach) {
        return new RouterOsSession() {
            @Override
            public CommandOutput exec(RouterOsCommand command, Duration timeout) throws RouterOsException {
                beforeEach.accept(command.line());
                return session.exec(command, timeout);
            }

            @Override
            public boolean isOpen() {
                return session.isOpen();
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    static Instant deadline() {
        return Instant.now().plusSeconds(30);
    }

    static SimulatedDisk disk(String slot, String filePath) {
        return new SimulatedDisk(slot, filePath, 1L << 30, true, 4420, "nqn.2000-02.com.mikrotik:" + slot, false);
    }
}
