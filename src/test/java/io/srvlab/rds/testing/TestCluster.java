package io.srvlab.rds.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real kube-apiserver + etcd per test JVM, started on first use and stopped at JVM exit. Binaries come from
 * {@code ~/.kubeapitest/k8s/<version>-linux-amd64/} (built by {@code hack/k8s-test-binaries.sh}); a missing binary
 * fails the test with instructions instead of skipping it.
 */
public final class TestCluster {
    public static final String VERSION = System.getProperty("rds.test.k8s.version", "1.34.4");
    private static final Path BINARY_DIR =
            Path.of(System.getProperty("user.home"), ".kubeapitest", "k8s", VERSION + "-linux-amd64");

    private static TestCluster instance;

    private final KubeAPIServer server;
    private final Path kubeconfig;
    private final KubernetesClient client;

    private TestCluster(KubeAPIServer server, Path kubeconfig) {
        this.server = server;
        this.kubeconfig = kubeconfig;
        this.client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
                .build();
    }

    public static synchronized TestCluster get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestCluster start() {
        boolean download = Boolean.getBoolean("rds.test.k8s.download");
        if (!download) {
            requireBinaries();
        }
        var server = newApiServer(download);
        server.start();
        try {
            Path kubeconfig = Files.createTempFile("rds-test-kubeconfig", ".yaml");
            Files.writeString(kubeconfig, server.getKubeConfigYaml(), StandardCharsets.UTF_8);
            kubeconfig.toFile().deleteOnExit();
            var cluster = new TestCluster(server, kubeconfig);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "test-cluster-stop"));
            return cluster;
        } catch (IOException e) {
            server.stop();
            throw new IllegalStateException("cannot write kubeconfig", e);
        }
    }

    /**
     * A kube-apiserver + etcd of their own (not started), as every test, the demo and the benchmarks run them: the
     * API server bound to 127.0.0.1, binaries from {@code ~/.kubeapitest} unless {@code download}.
     */
    public static KubeAPIServer newApiServer(boolean download) {
        return new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withApiServerVersion(VERSION)
                .withOfflineMode(!download)
                .withUpdateKubeConfig(false)
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .withApiServerFlag("--advertise-address", "127.0.0.1")
                .build());
    }

    /** Fails with how to get them when the Kubernetes test binaries are missing. */
    public static void requireBinaries() {
        List<String> missing = new ArrayList<>();
        for (String binary : List.of("kube-apiserver", "etcd", "kubectl")) {
            if (!Files.isExecutable(BINARY_DIR.resolve(binary))) {
                missing.add(binary);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Kubernetes test binaries " + missing + " are missing from " + BINARY_DIR
                    + ". Build them offline with `hack/k8s-test-binaries.sh " + VERSION
                    + "` (needs Go and the Go module proxy), or on a machine with internet run the tests with"
                    + " -Drds.test.k8s.download=true so kube-api-test downloads them.");
        }
    }

    private void stop() {
        client.close();
        server.stop();
    }

    public KubernetesClient client() {
        return client;
    }

    public String kubeConfigYaml() {
        return server.getKubeConfigYaml();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** Runs the real kubectl against this cluster and returns its combined output; fails on a non-zero exit. */
    public String kubectl(String... args) {
        var result = kubectlResult(args);
        if (result.exitCode() != 0) {
            throw new AssertionError(
                    "kubectl " + String.join(" ", args) + " exited " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    public KubectlResult kubectlResult(String... args) {
        List<String> command = new ArrayList<>();
        command.add(BINARY_DIR.resolve("kubectl").toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl timed out: " + command);
            }
            return new KubectlResult(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kubectl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record KubectlResult(int exitCode, String output) {}
}
