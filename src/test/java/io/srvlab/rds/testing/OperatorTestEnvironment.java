package io.srvlab.rds.testing;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.srvlab.rds.routeros.SshTarget;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatorKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What operator tests share: the real API server ({@link TestCluster}) and one RDS simulator over real SSH that
 * accepts two client keys (so a key rotation can be tested), with its host key for pinning.
 */
public final class OperatorTestEnvironment {
    public static final String SECRET = "rds-ssh";
    private static OperatorTestEnvironment instance;

    private final KeyPair hostKey = SimulatorKeys.ed25519();
    private final KeyPair clientKey = SimulatorKeys.ed25519();
    private final KeyPair rotatedKey = SimulatorKeys.ed25519();
    private final RouterOsSimulator simulator;

    private OperatorTestEnvironment() {
        try {
            simulator = new RouterOsSimulator(
                            "127.0.0.1",
                            0,
                            hostKey,
                            List.of(clientKey.getPublic(), rotatedKey.getPublic()),
                            SimulatorFixture.USER)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized OperatorTestEnvironment get() {
        if (instance == null) {
            instance = new OperatorTestEnvironment();
        }
        return instance;
    }

    public RouterOsSimulator simulator() {
        return simulator;
    }

    public KubernetesClient client() {
        return TestCluster.get().client();
    }

    public String hostKeyLine() {
        return SimulatorKeys.publicKeyLine(hostKey.getPublic());
    }

    /** The simulator as a person with the operator's key would reach it: pinned host key, 5 s timeouts. */
    public SshTarget target() {
        return SshTarget.of(
                        "127.0.0.1",
                        simulator.port(),
                        SimulatorFixture.USER,
                        SimulatorKeys.privateKeyText(clientKey),
                        hostKeyLine())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /** Writes the SSH key Secret the pool configs reference; {@code rotated} switches to the second key. */
    public void writeKeySecret(boolean rotated) {
        writeKeySecret(client(), KubernetesTestResource.OPERATOR_NAMESPACE, SECRET, rotated ? rotatedKey : clientKey);
    }

    /** Writes the operator's key under another Secret name, labelled as the operator selects key Secrets. */
    public void writeKeySecret(String name) {
        writeKeySecret(client(), KubernetesTestResource.OPERATOR_NAMESPACE, name, clientKey);
    }

    /** An SSH key Secret as an RdsPoolConfig's {@code privateKeySecretRef} expects it (key {@code id_ed25519}). */
    public static void writeKeySecret(KubernetesClient client, String namespace, String name, KeyPair key) {
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .withLabels(Map.of("rds.srvlab.io/ssh-key", "true"))
                        .endMetadata()
                        .withStringData(Map.of("id_ed25519", SimulatorKeys.privateKeyText(key)))
                        .build())
                .forceConflicts()
                .serverSideApply();
    }

    /** An RdsPoolConfig manifest pointing at the simulator, with short timeouts so failures show quickly. */
    public String poolConfigYaml(String name, String extraSpec) {
        return poolConfigYaml(
                name,
                simulator.port(),
                KubernetesTestResource.OPERATOR_NAMESPACE,
                SECRET,
                hostKeyLine(),
                """
                    connectTimeout: 3s
                    commandTimeout: 5s
                  pool: {maxSize: 10, maxIdle: 5, acquireTimeout: 10s}
                  circuitBreaker: {failureThreshold: 3, openDuration: 3s, halfOpenProbes: 1}
                  statusInterval: 2s
                """ + extraSpec);
    }

    /**
     * An RdsPoolConfig manifest for a simulator on 127.0.0.1 with the given key Secret and pinned host key;
     * {@code rest} follows the server's fields, indented as in the manifest (more server fields at 4 spaces, the rest
     * of the spec at 2).
     */
    public static String poolConfigYaml(
            String name, int port, String secretNamespace, String secretName, String hostKeyLine, String rest) {
        return """
                apiVersion: rds.srvlab.io/v1alpha1
                kind: RdsPoolConfig
                metadata: {name: %s}
                spec:
                  server:
                    address: 127.0.0.1
                    port: %d
                    privateKeySecretRef: {namespace: %s, name: %s}
                    hostKey: "%s"
                %s""".formatted(name, port, secretNamespace, secretName, hostKeyLine, rest);
    }
}
