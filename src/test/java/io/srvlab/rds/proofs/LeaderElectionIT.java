package io.srvlab.rds.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.srvlab.rds.operator.LeaderElectionConfigProducer;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.testing.OperatorInstallation;
import io.srvlab.rds.testing.OperatorProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas, as the chart runs them with {@code replicaCount: 2}: only the lease holder reconciles; when it is
 * stopped (SIGTERM, as on a rolling update) the standby takes the lease over and carries on.
 */
class LeaderElectionIT {
    private static final Duration CONVERGE = Duration.ofMinutes(3);
    private static final String NS = "ha";
    private static final String POOL = "ha";
    private static final String BASE = "/storage-pool/ha";
    private static final int VOLUMES = 20;

    private final ProofEnvironment env = ProofEnvironment.get();
    private final RouterOsSimulator sim = env.simulator();
    private final List<OperatorProcess> operators = new ArrayList<>();

    @AfterEach
    void stop() {
        operators.forEach(OperatorProcess::close);
    }

    @Test
    void onlyTheLeaderReconcilesAndTheStandbyTakesOver() {
        env.createNamespace(NS);
        OperatorProcess first = env.startOperator("ha-first");
        operators.add(first);
        await("ha-first holds the lease").atMost(CONVERGE).until(() -> "ha-first".equals(holder()));
        OperatorProcess second = env.launchOperator("ha-second");
        operators.add(second);
        await("ha-second up").atMost(ProofEnvironment.OPERATOR_START_TIMEOUT).until(() -> !second.metrics()
                .isEmpty());

        env.createPoolConfig(POOL, BASE, "");
        env.createVolumes(NS, "before", VOLUMES, POOL, "1Gi");
        await("volumes Ready under ha-first").atMost(CONVERGE).until(() -> env.readyCount(NS) == VOLUMES);
        assertThat(holder()).isEqualTo("ha-first");
        assertThat(reconciliations(first)).isPositive();
        assertThat(reconciliations(second)).as("reconciliations by the standby").isZero();

        assertThat(first.stop(Duration.ofSeconds(20)))
                .as("leader exits on SIGTERM")
                .isPresent();
        env.createVolumes(NS, "after", VOLUMES, POOL, "1Gi");
        await("the standby took over and made the new volumes Ready")
                .atMost(CONVERGE)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> env.readyCount(NS) == 2L * VOLUMES);
        assertThat(holder()).isEqualTo("ha-second");
        assertThat(reconciliations(second)).isPositive();
        VolumeInvariants.assertConverged(env.volumes(NS), sim, BASE, Set.of());

        env.deleteAllVolumes(NS, CONVERGE);
        VolumeInvariants.assertNothingLeft(sim, BASE);
        env.deletePoolConfig(POOL);
    }

    private String holder() {
        Lease lease = env.client()
                .leases()
                .inNamespace(OperatorInstallation.NAMESPACE)
                .withName(LeaderElectionConfigProducer.DEFAULT_LEASE_NAME)
                .get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    /** JOSDK's count of reconciliations this process started (0 when it never reconciled anything). */
    private static double reconciliations(OperatorProcess operator) {
        return operator.metrics()
                .lines()
                .filter(line -> line.startsWith("operator_sdk_reconciliations_started_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
