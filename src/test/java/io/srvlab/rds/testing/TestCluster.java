package io.srvlab.rds.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One real kube-apiserver + etcd per test JVM, started on first use and stopped at JVM exit. Binaries come from
 * {@code $KUBE_API_TEST_DIR/k8s/<version>-linux-amd64/} ({@code ~/.kubeapitest} by default), put there before the
 * tests by {@code hack/provision.sh} when Go is available; when they are missing kube-api-test downloads them, and
 * when that fails too the test fails with how to get them instead of being skipped.
 */
public final class TestCluster {
    public static final String VERSION = System.getProperty("rds.test.k8s.version", "1.34.4");
    /**
     * The oldest Kubernetes release whose API server accepts the CRDs (the chart's kubeVersion): their CEL rules use
     * the quantity library, which an API server offers to new CRDs from 1.29 on.
     */
    public static final String MINIMUM_VERSION = System.getProperty("rds.test.k8s.min-version", "1.29.15");
    /** kube-api-test's directory: {@code $KUBE_API_TEST_DIR} (the variable kube-api-test reads) or ~/.kubeapitest. */
    public static final Path KUBE_API_TEST_DIR = Optional.ofNullable(System.getenv("KUBE_API_TEST_DIR"))
            .filter(dir -> !dir.isBlank())
            .map(Path::of)
            .orElse(Path.of(System.getProperty("user.home"), ".kubeapitest"));

    public static final Path BINARY_DIR = binaryDir(VERSION);
    private static final List<String> BINARIES = List.of("kube-apiserver", "etcd", "kubectl");

    private static final Map<String, TestCluster> instances = new HashMap<>();
    private static final Map<String, RuntimeException> startFailures = new HashMap<>();

    private final KubeAPIServer server;
    private final Path kubeconfig;
    private final Path binaryDir;
    private final KubernetesClient client;

    private TestCluster(KubeAPIServer server, Path kubeconfig, Path binaryDir) {
        this.server = server;
        this.kubeconfig = kubeconfig;
        this.binaryDir = binaryDir;
        this.client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
                .build();
    }

    public static Path binaryDir(String version) {
        return KUBE_API_TEST_DIR.resolve("k8s").resolve(version + "-linux-amd64");
    }

    /** The API server of {@link #VERSION}, which every cluster test shares. */
    public static TestCluster get() {
        return get(VERSION);
    }

    /** The API server of one Kubernetes release, started on first use and shared within this JVM. */
    public static synchronized TestCluster get(String version) {
        if (startFailures.containsKey(version)) {
            throw startFailures.get(version);
        }
        if (!instances.containsKey(version)) {
            try {
                instances.put(version, start(version));
            } catch (MissingBinariesException e) {
                startFailures.put(version, e);
                throw e;
            }
        }
        return instances.get(version);
    }

    private static TestCluster start(String version) {
        var server = startApiServer(version);
        try {
            Path kubeconfig = Files.createTempFile("rds-test-kubeconfig", ".yaml");
            Files.writeString(kubeconfig, server.getKubeConfigYaml(), StandardCharsets.UTF_8);
            kubeconfig.toFile().deleteOnExit();
            var cluster = new TestCluster(server, kubeconfig, binaryDir(version));
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "test-cluster-stop"));
            return cluster;
        } catch (IOException e) {
            server.stop();
            throw new IllegalStateException("cannot write kubeconfig", e);
        }
    }

    /**
     * Starts a kube-apiserver + etcd of their own, as every test, the demo and the benchmarks run them: bound to
     * 127.0.0.1, binaries from {@link #BINARY_DIR}. When they are missing, kube-api-test downloads them (under a file
     * lock, so concurrent first runs do not extract into the same directory at once); when that fails, throws
     * {@link MissingBinariesException}, whose message says how to get them.
     */
    public static KubeAPIServer startApiServer() {
        return startApiServer(VERSION);
    }

    private static KubeAPIServer startApiServer(String version) {
        Path dir = binaryDir(version);
        if (binariesPresent(dir)) {
            var server = newApiServer(version, false);
            server.start();
            return server;
        }
        try {
            Files.createDirectories(dir.getParent());
            try (var channel = FileChannel.open(
                            dir.getParent().resolve(".download.lock"),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
                    var lock = channel.lock()) {
                boolean download = !binariesPresent(dir);
                var server = newApiServer(version, download);
                try {
                    server.start();
                    return server;
                } catch (RuntimeException e) {
                    if (!download || binariesPresent(dir)) {
                        throw e;
                    }
                    throw new MissingBinariesException(version, e);
                }
            }
        } catch (IOException e) {
            throw new MissingBinariesException(version, e);
        }
    }

    private static KubeAPIServer newApiServer(String version, boolean download) {
        return new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(KUBE_API_TEST_DIR.toString())
                .withApiServerVersion(version)
                .withOfflineMode(!download)
                .withUpdateKubeConfig(false)
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .withApiServerFlag("--advertise-address", "127.0.0.1")
                .build());
    }

    private static boolean binariesPresent(Path dir) {
        return BINARIES.stream().allMatch(binary -> Files.isExecutable(dir.resolve(binary)));
    }

    /** The Kubernetes test binaries are missing and kube-api-test could not download them. No stack trace. */
    public static final class MissingBinariesException extends RuntimeException {
        MissingBinariesException(String version, Exception cause) {
            super(
                    "Kubernetes test binaries " + BINARIES + " " + version + " are missing from " + binaryDir(version)
                            + ", and kube-api-test could not download them (" + rootMessage(cause) + "). Either"
                            + " install Go >= 1.24 (./mvnw verify and ./demo.sh then build them from source with"
                            + " hack/provision.sh) or give this machine internet access (kube-api-test then downloads"
                            + " them).",
                    null,
                    false,
                    false);
        }

        private static String rootMessage(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
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
        command.add(binaryDir.resolve("kubectl").toString());
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
