package io.srvlab.rds.scale;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatorKeys;
import io.srvlab.rds.testing.CrdInstaller;
import io.srvlab.rds.testing.Namespaces;
import io.srvlab.rds.testing.OperatorTestEnvironment;
import io.srvlab.rds.testing.TestCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

/**
 * What every run shares: a real kube-apiserver + etcd with the CRDs installed, the namespace controller (so a deleted
 * namespace is emptied as in a cluster), the operator namespace with the SSH key Secret, and the RDS simulator on
 * 127.0.0.1.
 */
final class BenchStack implements AutoCloseable {
    static final String OPERATOR_NAMESPACE = "rds-system";
    static final String KEY_SECRET = "rds-ssh";
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final KubeAPIServer apiServer;
    private final Path kubeconfig;
    private final KubernetesClient client;
    private final RouterOsSimulator simulator;
    private final KeyPair hostKey;
    private final KeyPair clientKey;
    private final NamespaceController namespaces;

    private BenchStack(
            KubeAPIServer apiServer,
            Path kubeconfig,
            KubernetesClient client,
            RouterOsSimulator simulator,
            KeyPair hostKey,
            KeyPair clientKey,
            NamespaceController namespaces) {
        this.namespaces = namespaces;
        this.apiServer = apiServer;
        this.kubeconfig = kubeconfig;
        this.client = client;
        this.simulator = simulator;
        this.hostKey = hostKey;
        this.clientKey = clientKey;
    }

    static BenchStack start(Path work) throws IOException {
        var server = TestCluster.startApiServer();
        Path kubeconfig = work.resolve("kubeconfig");
        Files.writeString(kubeconfig, server.getKubeConfigYaml(), StandardCharsets.UTF_8);
        Config config = Config.fromKubeconfig(server.getKubeConfigYaml());
        // deleting a thousand volumes in one collection request takes longer than the default 10 s on 2 cores
        config.setRequestTimeout((int) REQUEST_TIMEOUT.toMillis());
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        CrdInstaller.install(client);
        Namespaces.ensure(client, OPERATOR_NAMESPACE);
        KeyPair hostKey = SimulatorKeys.ed25519();
        KeyPair clientKey = SimulatorKeys.ed25519();
        var simulator = new RouterOsSimulator("127.0.0.1", 0, hostKey, List.of(clientKey.getPublic()), "admin").start();
        OperatorTestEnvironment.writeKeySecret(client, OPERATOR_NAMESPACE, KEY_SECRET, clientKey);
        var namespaces = NamespaceController.start(kubeconfig, work.resolve("namespace-controller.log"));
        return new BenchStack(server, kubeconfig, client, simulator, hostKey, clientKey, namespaces);
    }

    KubernetesClient client() {
        return client;
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    RouterOsSimulator simulator() {
        return simulator;
    }

    /** Replaces the key Secret with a key the simulator does not accept. */
    void writeRejectedKey() {
        OperatorTestEnvironment.writeKeySecret(client, OPERATOR_NAMESPACE, KEY_SECRET, SimulatorKeys.ed25519());
    }

    /** Puts the accepted key back into the key Secret. */
    void restoreKey() {
        OperatorTestEnvironment.writeKeySecret(client, OPERATOR_NAMESPACE, KEY_SECRET, clientKey);
    }

    String hostKeyLine() {
        return SimulatorKeys.publicKeyLine(hostKey.getPublic());
    }

    @Override
    public void close() {
        namespaces.close();
        client.close();
        try {
            simulator.close();
        } catch (IOException e) {
            System.err.println("simulator: " + e.getMessage());
        }
        apiServer.stop();
    }
}
