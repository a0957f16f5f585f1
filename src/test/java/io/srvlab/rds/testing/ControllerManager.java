package io.srvlab.rds.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real kube-controller-manager of the same release as the {@link TestCluster}'s API server (kube-api-test starts only
 * kube-apiserver and etcd), running the controllers that give PersistentVolumes and claims their life: the PV binder,
 * PV and PVC protection, and the garbage collector (owner references). No scheduler and no kubelet run: Pods stay
 * Pending. Built next to the other binaries by {@code hack/k8s-test-binaries.sh}.
 */
public final class ControllerManager implements AutoCloseable {
    public static final Path BINARY = TestCluster.BINARY_DIR.resolve("kube-controller-manager");
    static final List<String> CONTROLLERS = List.of(
            "persistentvolume-binder-controller",
            "persistentvolume-protection-controller",
            "persistentvolumeclaim-protection-controller",
            "garbage-collector-controller");

    private final Process process;
    private final Path log;

    private ControllerManager(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts it against the cluster with the cluster's admin kubeconfig; its output goes to {@code log}. */
    public static ControllerManager start(TestCluster cluster, Path log) {
        return start(cluster.kubeconfig(), log);
    }

    /** Starts it against the API server that {@code kubeconfig} names; its output goes to {@code log}. */
    public static ControllerManager start(Path kubeconfig, Path log) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("missing " + BINARY + ": hack/k8s-test-binaries.sh builds it (./mvnw verify"
                    + " runs hack/provision.sh, which does when Go >= 1.24 is on the PATH)");
        }
        try {
            Files.createDirectories(log.getParent());
            var command = List.of(
                    BINARY.toString(),
                    "--kubeconfig=" + kubeconfig,
                    "--controllers=" + String.join(",", CONTROLLERS),
                    "--leader-elect=false",
                    "--use-service-account-credentials=false",
                    "--secure-port=0",
                    "--concurrent-gc-syncs=5",
                    "--pvclaimbinder-sync-period=2s",
                    "--v=2");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            return new ControllerManager(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
