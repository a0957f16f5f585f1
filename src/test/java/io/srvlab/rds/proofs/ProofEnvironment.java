package io.srvlab.rds.proofs;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigStatus;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.operator.LeaderElectionConfigProducer;
import io.srvlab.rds.routeros.SshTarget;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatorKeys;
import io.srvlab.rds.testing.KubernetesTestResource;
import io.srvlab.rds.testing.Namespaces;
import io.srvlab.rds.testing.OperatorInstallation;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.OperatorTestEnvironment;
import io.srvlab.rds.testing.Readiness;
import io.srvlab.rds.testing.TestCluster;
import io.srvlab.rds.testing.VolumeBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the proofs share: the real API server with the operator's CRDs and RBAC, the RDS simulator over SSH, and the
 * packaged operator started as a child process that authenticates as its ServiceAccount (so it has exactly the RBAC
 * of {@code manifests/}). Logs of operator processes go to {@code target/proofs/}.
 */
final class ProofEnvironment {
    static final Duration OPERATOR_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Path LOGS = Path.of("target", "proofs");
    private static ProofEnvironment instance;

    private final TestCluster cluster;
    private final OperatorTestEnvironment rds;
    private final Path operatorKubeconfig;
    private final LeftoverLease leftoverLease;

    private ProofEnvironment() {
        cluster = TestCluster.get();
        OperatorInstallation.install(cluster);
        rds = OperatorTestEnvironment.get();
        rds.writeKeySecret(false);
        operatorKubeconfig = OperatorInstallation.serviceAccountKubeconfig(cluster);
        leftoverLease = new LeftoverLease(
                cluster.client(), OperatorInstallation.NAMESPACE, LeaderElectionConfigProducer.DEFAULT_LEASE_NAME);
        try {
            Files.createDirectories(LOGS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized ProofEnvironment get() {
        if (instance == null) {
            instance = new ProofEnvironment();
        }
        return instance;
    }

    KubernetesClient client() {
        return cluster.client();
    }

    TestCluster cluster() {
        return cluster;
    }

    RouterOsSimulator simulator() {
        return rds.simulator();
    }

    /**
     * Starts the packaged operator as pod {@code identity} and waits until it reports ready. A replacement after a
     * crash needs a new identity (a new pod name): it then waits for the dead one's lease to expire, as in a cluster.
     * The first operator of a test finds no lease left by an earlier test ({@link LeftoverLease}).
     */
    OperatorProcess startOperator(String identity) {
        return startOperator(identity, Map.of());
    }

    /** As {@link #startOperator(String)}, with more (or other) configuration properties. */
    OperatorProcess startOperator(String identity, Map<String, String> properties) {
        OperatorProcess operator = launchOperator(identity, properties);
        await("operator " + identity + " ready")
                .atMost(OPERATOR_START_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .failFast("operator " + identity + " exited; see " + operator.log(), () -> !operator.isAlive())
                .until(operator::isReady);
        return operator;
    }

    /** Starts the packaged operator as pod {@code identity} without waiting for anything. */
    OperatorProcess launchOperator(String identity) {
        return launchOperator(identity, Map.of());
    }

    OperatorProcess launchOperator(String identity, Map<String, String> properties) {
        return launchOperator(identity, properties, operatorKubeconfig);
    }

    /** As {@link #launchOperator(String, Map)}, authenticating with {@code kubeconfig} instead of the operator's. */
    OperatorProcess launchOperator(String identity, Map<String, String> properties, Path kubeconfig) {
        var options = OperatorProcess.Options.of(
                        kubeconfig, OperatorInstallation.NAMESPACE, identity, LOGS.resolve(identity + ".log"))
                .withProperty("rds.volume.drift-check-interval", "10s")
                // A replacement waits out its predecessor's lease: 8 s here instead of 15 s. The leader still has 6 s
                // to renew, retried every second, which a loaded machine's API server answers well within.
                .withProperty("rds.leader-election.lease-duration", "8s")
                .withProperty("rds.leader-election.renew-deadline", "6s")
                .withProperty("rds.leader-election.retry-period", "1s")
                .withJvmArgs("-Xmx512m");
        for (var property : properties.entrySet()) {
            options = options.withProperty(property.getKey(), property.getValue());
        }
        leftoverLease.beforeLaunch();
        OperatorProcess operator = OperatorProcess.start(options);
        leftoverLease.launched(operator);
        return operator;
    }

    /** Creates an RdsPoolConfig for the simulator whose spec after the server's fields is exactly {@code rest}. */
    void createPoolConfigWith(String name, String rest) {
        client().resource(OperatorTestEnvironment.poolConfigYaml(
                        name,
                        simulator().port(),
                        KubernetesTestResource.OPERATOR_NAMESPACE,
                        OperatorTestEnvironment.SECRET,
                        hostKeyLine(),
                        rest))
                .create();
    }

    /** Replaces the shared key Secret's key with one the simulator does not accept. */
    void breakKeySecret() {
        OperatorTestEnvironment.writeKeySecret(
                client(),
                KubernetesTestResource.OPERATOR_NAMESPACE,
                OperatorTestEnvironment.SECRET,
                SimulatorKeys.ed25519());
    }

    /** Puts the accepted key back into the shared key Secret. */
    void restoreKeySecret() {
        rds.writeKeySecret(false);
    }

    /** SSH to the simulator as a person with the operator's key, outside the operator. */
    SshTarget rdsTarget() {
        return rds.target();
    }

    /** The simulator's host key as a pool config pins it. */
    String hostKeyLine() {
        return rds.hostKeyLine();
    }

    /** A JSON merge patch of an RdsPoolConfig, as {@code kubectl patch --type merge} sends it. */
    void patchPoolConfig(String name, String json) {
        client().resources(RdsPoolConfig.class).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    /** A JSON merge patch of an RdsVolume. */
    RdsVolume patchVolume(String namespace, String name, String json) {
        return client().resources(RdsVolume.class)
                .inNamespace(namespace)
                .withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    RdsVolume volume(String namespace, String name) {
        return client().resources(RdsVolume.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    /** The Kubernetes Events recorded for the RdsVolumes of a namespace, oldest first. */
    List<Event> volumeEvents(String namespace) {
        return client().v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "RdsVolume".equals(e.getInvolvedObject().getKind()))
                .sorted(Comparator.comparing((Event e) -> e.getMetadata().getCreationTimestamp())
                        .thenComparing(e -> Long.parseLong(e.getMetadata().getResourceVersion())))
                .toList();
    }

    void createNamespace(String name) {
        Namespaces.ensure(client(), name);
    }

    /** An RdsPoolConfig for the simulator with its own base path and a rate that lets 200 volumes through quickly. */
    void createPoolConfig(String name, String basePath, String extraSpec) {
        client().resource(rds.poolConfigYaml(
                        name,
                        "  rateLimit: {requestsPerSecond: 200, burst: 200}\n" + "  volumeDefaults: {basePath: "
                                + basePath + "}\n" + extraSpec))
                .create();
    }

    void deletePoolConfig(String name) {
        client().resources(RdsPoolConfig.class).withName(name).delete();
        await("RdsPoolConfig " + name + " gone").atMost(Duration.ofSeconds(60)).until(() -> poolConfig(name) == null);
    }

    RdsPoolConfig poolConfig(String name) {
        return client().resources(RdsPoolConfig.class).withName(name).get();
    }

    Optional<RdsPoolConfigStatus> poolStatus(String name) {
        return Optional.ofNullable(poolConfig(name)).map(RdsPoolConfig::getStatus);
    }

    /** Circuit breaks so far, as the pool config's status reports them (0 before the first status). */
    long circuitBreaks(String pool) {
        return poolStatus(pool)
                .map(RdsPoolConfigStatus::pool)
                .map(RdsPoolConfigStatus.PoolStatus::circuitBreaks)
                .orElse(0L);
    }

    Optional<RdsPoolConfigStatus.CircuitState> circuitState(String pool) {
        return poolStatus(pool).map(RdsPoolConfigStatus::circuitState);
    }

    /** Creates {@code count} volumes named {@code prefix-0 …} at once (parallel API requests), in the given size. */
    List<String> createVolumes(String namespace, String prefix, int count, String pool, String size) {
        return VolumeBatch.create(client(), namespace, prefix, count, pool, size, 8);
    }

    List<RdsVolume> volumes(String namespace) {
        return client().resources(RdsVolume.class).inNamespace(namespace).list().getItems();
    }

    long readyCount(String namespace) {
        return volumes(namespace).stream().filter(Readiness::isReady).count();
    }

    /** Deletes every volume of the namespace and waits until the operator has removed them (and their finalizers). */
    void deleteAllVolumes(String namespace, Duration timeout) {
        // On a busy machine a collection delete can outlast the client's request timeout, and the API server stops
        // when the client goes: it is repeated until every volume is marked for deletion.
        await("every volume in " + namespace + " marked for deletion")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsMatching(e -> e instanceof KubernetesClientException
                        && String.valueOf(e.getMessage()).contains("timeout"))
                .until(() -> {
                    client().resources(RdsVolume.class).inNamespace(namespace).delete();
                    return volumes(namespace).stream()
                            .allMatch(v -> v.getMetadata().getDeletionTimestamp() != null);
                });
        try {
            await("all volumes in " + namespace + " gone")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> volumes(namespace).isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    e.getMessage() + "; left: "
                            + volumes(namespace).stream()
                                    .limit(10)
                                    .map(v -> v.getMetadata().getName() + " "
                                            + Readiness.ready(v)
                                                    .map(c -> c.getReason() + ": " + c.getMessage())
                                                    .orElse("no Ready condition"))
                                    .toList(),
                    e);
        }
    }
}
