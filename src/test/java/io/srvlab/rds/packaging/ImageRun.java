package io.srvlab.rds.packaging;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.simulator.SimulatorKeys;
import io.srvlab.rds.testing.OperatorInstallation;
import io.srvlab.rds.testing.OperatorTestEnvironment;
import io.srvlab.rds.testing.Readiness;
import io.srvlab.rds.testing.SimulatorFixture;
import io.srvlab.rds.testing.TestCluster;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the operator inside the container built by {@code hack/image.sh} (its working container, given as the only
 * argument) with {@code buildah run} — the image's own entrypoint, as user 65532, logged in as its ServiceAccount with
 * the RBAC of {@code manifests/} — against a real kube-apiserver and the RDS simulator on 127.0.0.1, until the pool config is Ready; prints the time that took and the user the
 * operator's JVM runs as, then stops it with SIGTERM. Exits non-zero when it is not Ready within three minutes.
 */
public final class ImageRun {
    private static final String NAMESPACE = OperatorInstallation.NAMESPACE;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private ImageRun() {}

    public static void main(String[] args) {
        try {
            run(args[0]);
            System.exit(0);
        } catch (Exception e) {
            System.err.println("[image] " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String container) throws Exception {
        Path work = Files.createDirectories(Path.of("target", "image"));
        TestCluster cluster = TestCluster.get();
        KubernetesClient client = cluster.client();
        Process operator = null;
        try (var simulator = SimulatorFixture.start()) {
            // As in a pod: the operator's ServiceAccount with the RBAC of manifests/, a token, the CA inline.
            OperatorInstallation.install(cluster);
            Path kubeconfig = work.resolve("kubeconfig").toAbsolutePath();
            Files.copy(
                    OperatorInstallation.serviceAccountKubeconfig(cluster),
                    kubeconfig,
                    StandardCopyOption.REPLACE_EXISTING);
            kubeconfig.toFile().setReadable(true, false); // the operator in the image runs as 65532
            OperatorTestEnvironment.writeKeySecret(
                    client, NAMESPACE, OperatorTestEnvironment.SECRET, simulator.clientKey());
            client.load(new ByteArrayInputStream(OperatorTestEnvironment.poolConfigYaml(
                                    "rds-main",
                                    simulator.simulator().port(),
                                    NAMESPACE,
                                    OperatorTestEnvironment.SECRET,
                                    SimulatorKeys.publicKeyLine(
                                            simulator.hostKey().getPublic()),
                                    "  statusInterval: 5s\n")
                            .getBytes(StandardCharsets.UTF_8)))
                    .serverSideApply();

            List<String> command = new ArrayList<>(List.of(
                    "buildah",
                    "--storage-driver",
                    "vfs",
                    "run",
                    "--isolation",
                    "chroot",
                    "--user",
                    "65532:65532",
                    "--volume",
                    kubeconfig + ":" + kubeconfig + ":ro",
                    "--env",
                    "KUBECONFIG=" + kubeconfig,
                    "--env",
                    "QUARKUS_HTTP_HOST=127.0.0.1",
                    "--env",
                    "QUARKUS_HTTP_PORT=" + freePort(),
                    "--env",
                    "POD_NAMESPACE=" + NAMESPACE,
                    "--env",
                    "HOSTNAME=rds-operator-image",
                    container,
                    "--"));
            command.addAll(entrypoint(container));
            Path log = work.resolve("operator.log");
            Instant start = Instant.now();
            operator = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            System.out.println("[image] " + String.join(" ", command));
            Process running = operator;
            await("pool config Ready (operator log: " + log + ")")
                    .atMost(READY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .failFast("the operator in the image exited; see " + log, () -> !running.isAlive())
                    .until(() -> Readiness.isReady(client.resources(RdsPoolConfig.class)
                            .withName("rds-main")
                            .get()));
            System.out.printf(
                    "[image] pool config Ready %.1f s after the operator started in the image; its JVM runs as uid %s%n",
                    Duration.between(start, Instant.now()).toMillis() / 1000.0, javaUid(operator));
        } finally {
            if (operator != null) {
                // SIGTERM to the JVM itself, as the kubelet's stop would; buildah's own processes then end with it.
                javaProcess(operator).ifPresent(ProcessHandle::destroy);
                if (!operator.waitFor(30, TimeUnit.SECONDS)) {
                    operator.descendants().forEach(ProcessHandle::destroyForcibly);
                    operator.destroyForcibly();
                }
                System.out.println("[image] operator stopped (exit status "
                        + (operator.isAlive() ? "none" : operator.exitValue()) + ")");
            }
        }
    }

    /** The working container's entrypoint, as the Dockerfile set it. */
    private static List<String> entrypoint(String container) throws Exception {
        Process inspect = new ProcessBuilder(
                        "buildah", "--storage-driver", "vfs", "inspect", "--type", "container", container)
                .start();
        String json = new String(inspect.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (inspect.waitFor() != 0) {
            throw new IllegalStateException("buildah inspect " + container + " failed");
        }
        var entrypoint =
                new ObjectMapper().readTree(json).path("OCIv1").path("config").path("Entrypoint");
        List<String> words = new ArrayList<>();
        entrypoint.forEach(word -> words.add(word.asText()));
        if (words.isEmpty()) {
            throw new IllegalStateException("the image has no entrypoint");
        }
        return words;
    }

    private static Optional<ProcessHandle> javaProcess(Process operator) {
        return operator.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst();
    }

    /** The real uid of the java process that buildah started, from /proc. */
    private static String javaUid(Process operator) {
        return javaProcess(operator)
                .map(p -> {
                    try {
                        return Files.readAllLines(Path.of("/proc", String.valueOf(p.pid()), "status")).stream()
                                .filter(line -> line.startsWith("Uid:"))
                                .map(line -> line.split("\\s+")[1])
                                .findFirst()
                                .orElse("?");
                    } catch (Exception e) {
                        return "? (" + e.getMessage() + ")";
                    }
                })
                .orElse("? (no java process found)");
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
