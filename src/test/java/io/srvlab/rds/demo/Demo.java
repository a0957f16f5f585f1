package io.srvlab.rds.demo;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatorKeys;
import io.srvlab.rds.testing.ControllerManager;
import io.srvlab.rds.testing.CrdInstaller;
import io.srvlab.rds.testing.Namespaces;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.OperatorTestEnvironment;
import io.srvlab.rds.testing.Readiness;
import io.srvlab.rds.testing.TestCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The whole stack on one machine: a real kube-apiserver, the RDS simulator over SSH on 127.0.0.1 and the packaged
 * operator ({@code target/quarkus-app/quarkus-run.jar}) as a child process; applies the examples and waits for them
 * to become Ready. Runs until Ctrl-C. Started by {@code ./demo.sh}.
 */
public final class Demo {
    private static final String NAMESPACE = "rds-system";
    private static final Duration OPERATOR_STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> VOLUMES = List.of("postgres-data", "scratch", "archive");
    private static final String CLAIM = "cache";

    private Demo() {}

    public static void main(String[] args) throws Exception {
        if (!Files.isRegularFile(OperatorProcess.JAR)) {
            fail("missing " + OperatorProcess.JAR + ": run ./mvnw -B -DskipTests package first (./demo.sh does)");
        }
        Path work = Files.createTempDirectory("rds-demo");
        var stop = new CountDownLatch(1);
        var running = new Running();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(running, stop), "demo-stop"));

        step("starting kube-apiserver + etcd (" + TestCluster.VERSION + ")");
        KubeAPIServer server = null;
        try {
            server = TestCluster.startApiServer();
        } catch (TestCluster.MissingBinariesException missing) {
            fail(missing.getMessage());
        }
        running.apiServer = server;
        Path kubeconfig = work.resolve("kubeconfig");
        Files.writeString(kubeconfig, server.getKubeConfigYaml(), StandardCharsets.UTF_8);
        var cluster = new Kubectl(TestCluster.BINARY_DIR.resolve("kubectl"), kubeconfig);
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
                .build();
        CrdInstaller.install(client);
        Namespaces.ensure(client, NAMESPACE);

        step("starting kube-controller-manager (PersistentVolume binder and protection, garbage collector)");
        running.controllerManager = ControllerManager.start(kubeconfig, work.resolve("kube-controller-manager.log"));

        step("starting the RDS simulator");
        KeyPair hostKey = SimulatorKeys.ed25519();
        KeyPair clientKey = SimulatorKeys.ed25519();
        running.simulator =
                new RouterOsSimulator("127.0.0.1", 0, hostKey, List.of(clientKey.getPublic()), "admin").start();
        OperatorTestEnvironment.writeKeySecret(client, NAMESPACE, "rds-ssh", clientKey);

        step("starting the operator (java -jar " + OperatorProcess.JAR + ")");
        Path operatorLog = work.resolve("operator.log");
        running.operator =
                OperatorProcess.start(OperatorProcess.Options.of(kubeconfig, NAMESPACE, "rds-demo", operatorLog));

        step("applying examples/rds-main-poolconfig.yaml (pointed at the simulator), examples/volumes.yaml and"
                + " examples/claim.yaml");
        String pool = Files.readString(Path.of("examples/rds-main-poolconfig.yaml"), StandardCharsets.UTF_8)
                .replace("address: 10.42.68.1", "address: 127.0.0.1")
                .replace("port: 22", "port: " + running.simulator.port())
                .replaceAll("hostKey: \".*\"", "hostKey: \"" + SimulatorKeys.publicKeyLine(hostKey.getPublic()) + "\"")
                .replace("statusInterval: 30s", "statusInterval: 5s");
        Path poolFile = work.resolve("rds-main-poolconfig.yaml");
        Files.writeString(poolFile, pool, StandardCharsets.UTF_8);
        System.out.print(cluster.kubectl("apply", "-f", poolFile.toString()));
        System.out.print(cluster.kubectl("apply", "-f", "examples/volumes.yaml"));
        System.out.print(cluster.kubectl("apply", "-f", "examples/claim.yaml"));

        awaitReady(client, running.operator, operatorLog);

        System.out.println();
        for (List<String> view : List.of(
                List.of("get", "rdspoolconfigs"),
                List.of("get", "rdsvolumes", "-n", "apps"),
                List.of("get", "pvc", "-n", "apps"),
                List.of("get", "pv"))) {
            System.out.println("$ kubectl " + String.join(" ", view));
            System.out.print(cluster.kubectl(view.toArray(String[]::new)));
        }
        System.out.println();
        System.out.println("pool summary: " + poolSummary(client));
        System.out.println("simulated disks: " + running.simulator.rds().disks().size());
        System.out.println();
        String kubectl = TestCluster.BINARY_DIR.resolve("kubectl").toString();
        System.out.println("KUBECONFIG=" + kubeconfig);
        System.out.println("operator log: " + operatorLog);
        System.out.println("try:  alias k='" + kubectl + " --kubeconfig=" + kubeconfig + "'");
        System.out.println(
                "      k get rdsv -A -w        k -n apps edit rdsv postgres-data        k describe rdspc rds-main");
        System.out.println(
                "      k -n apps patch pvc cache -p '{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"8Gi\"}}}}'"
                        + "        k -n apps delete pvc cache");
        System.out.println("Ctrl-C stops the operator, the controller manager, the simulator and the API server.");
        stop.await();
    }

    private static void awaitReady(KubernetesClient client, OperatorProcess operator, Path operatorLog)
            throws Exception {
        Instant start = Instant.now();
        Instant deadline = start.plus(READY_TIMEOUT);
        String last = "";
        while (true) {
            long ready = VOLUMES.stream()
                    .filter(name -> Readiness.isReady(client.resources(RdsVolume.class)
                            .inNamespace("apps")
                            .withName(name)
                            .get()))
                    .count();
            boolean poolReady = Readiness.isReady(
                    client.resources(RdsPoolConfig.class).withName("rds-main").get());
            String claim = claimPhase(client);
            String line = "waiting for Ready: pool %s, volumes %d/%d, claim %s"
                    .formatted(poolReady ? "ready" : "not ready", ready, VOLUMES.size(), claim);
            long seconds = Duration.between(start, Instant.now()).toSeconds();
            if (System.console() != null) {
                System.out.print("\r" + line + " (" + seconds + "s)");
                System.out.flush();
            } else if (!line.equals(last)) {
                System.out.println(line + " (" + seconds + "s)");
            }
            last = line;
            if (poolReady && ready == VOLUMES.size() && claim.equals("Bound")) {
                if (System.console() != null) {
                    System.out.println();
                }
                return;
            }
            if (!operator.isAlive()) {
                fail("\noperator exited; see " + operatorLog);
            }
            if (Instant.now().isAfter(deadline)) {
                fail("\nnot Ready after " + READY_TIMEOUT.toSeconds() + "s; see " + operatorLog);
            }
            Thread.sleep(500); // the progress line's refresh period
        }
    }

    private static String claimPhase(KubernetesClient client) {
        var claim = client.persistentVolumeClaims()
                .inNamespace("apps")
                .withName(CLAIM)
                .get();
        return claim == null || claim.getStatus() == null || claim.getStatus().getPhase() == null
                ? "absent"
                : claim.getStatus().getPhase();
    }

    private static String poolSummary(KubernetesClient client) {
        var pool = client.resources(RdsPoolConfig.class).withName("rds-main").get();
        return pool.getStatus() == null || pool.getStatus().pool() == null
                ? "(none yet)"
                : pool.getStatus().pool().summary();
    }

    private static void shutdown(Running running, CountDownLatch stop) {
        System.out.println();
        step("stopping");
        OperatorProcess operator = running.operator;
        if (operator != null && operator.isAlive()) {
            var exit = operator.stop(OPERATOR_STOP_TIMEOUT);
            String how = "SIGTERM, exit status " + exit.orElse(-1);
            if (exit.isEmpty()) {
                how = "not stopped " + OPERATOR_STOP_TIMEOUT.toSeconds() + "s after SIGTERM, killed";
                operator.kill();
            }
            System.out.println("  operator stopped (" + how + ")");
        }
        ControllerManager controllerManager = running.controllerManager;
        if (controllerManager != null && controllerManager.isAlive()) {
            controllerManager.close();
            System.out.println("  kube-controller-manager stopped");
        }
        if (running.simulator != null) {
            try {
                running.simulator.close();
                System.out.println("  simulator stopped");
            } catch (IOException e) {
                System.out.println("  simulator: " + e.getMessage());
            }
        }
        if (running.apiServer != null) {
            try {
                running.apiServer.stop();
                System.out.println("  kube-apiserver and etcd stopped");
            } catch (RuntimeException e) {
                // Ctrl-C reaches etcd too (same process group); it may already be gone.
                System.out.println(
                        "  kube-apiserver and etcd stopped (" + e.getClass().getSimpleName() + ")");
            }
        }
        stop.countDown();
    }

    private static void step(String text) {
        System.out.println("==> " + text);
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }

    private static final class Running {
        volatile RouterOsSimulator simulator;
        volatile OperatorProcess operator;
        volatile ControllerManager controllerManager;
        volatile KubeAPIServer apiServer;
    }

    private record Kubectl(Path binary, Path kubeconfig) {
        String kubectl(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig=" + kubeconfig));
            command.addAll(List.of(args));
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed:\n" + output);
            }
            return output;
        }
    }
}
