package io.srvlab.rds.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real CSI snapshot-controller (kubernetes-csi/external-snapshotter) against the {@link TestCluster}, with its
 * three VolumeSnapshot CRDs of the same release: both built and placed next to the other binaries by
 * {@code hack/snapshot-controller.sh}. It turns VolumeSnapshots into VolumeSnapshotContents and binds them; the
 * snapshotter side (taking the snapshot) is the operator's.
 */
public final class SnapshotController implements AutoCloseable {
    public static final Path BINARY = TestCluster.BINARY_DIR.resolve("snapshot-controller");
    public static final Path CRDS = TestCluster.BINARY_DIR.resolve("snapshot-crds");

    private final Process process;

    private SnapshotController(Process process) {
        this.process = process;
    }

    /** Installs the snapshot CRDs (idempotent) and waits until they are served; returns their names. */
    public static List<String> installCrds(KubernetesClient client) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(requireBuilt(CRDS))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (HasMetadata crd : client.load(in).items()) {
                        client.resource(crd).forceConflicts().serverSideApply();
                        names.add(crd.getMetadata().getName());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : names) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(name)
                    .waitUntilCondition(SnapshotController::established, 1, TimeUnit.MINUTES);
        }
        return names;
    }

    public static void deleteCrds(KubernetesClient client, List<String> names) {
        for (String name : names) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(name)
                    .withTimeout(1, TimeUnit.MINUTES)
                    .delete();
        }
    }

    /** Starts it with the cluster's admin kubeconfig; its output goes to {@code log}. */
    public static SnapshotController start(TestCluster cluster, Path log) {
        requireBuilt(BINARY);
        try {
            Files.createDirectories(log.getParent());
            var command = List.of(
                    BINARY.toString(),
                    "--kubeconfig=" + cluster.kubeconfig(),
                    "--leader-election=false",
                    "--retry-interval-max=" + Duration.ofSeconds(5).toSeconds() + "s",
                    "--v=4");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            return new SnapshotController(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path requireBuilt(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException("missing " + path + ": hack/snapshot-controller.sh builds it (./mvnw verify"
                    + " runs hack/provision.sh, which does when Go >= 1.24 is on the PATH)");
        }
        return path;
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    public boolean isAlive() {
        return process.isAlive();
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
