package io.srvlab.rds.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * kube-controller-manager with only its namespace controller, against the benchmark's API server: kube-api-test starts
 * no controllers, and without this one a deleted namespace stays Terminating with everything in it.
 */
final class NamespaceController implements AutoCloseable {
    private static final Path BINARY = Path.of(
            System.getProperty("user.home"), ".kubeapitest", "k8s", "1.34.4-linux-amd64", "kube-controller-manager");

    private final Process process;

    private NamespaceController(Process process) {
        this.process = process;
    }

    static NamespaceController start(Path kubeconfig, Path log) {
        try {
            Process p = new ProcessBuilder(
                            BINARY.toString(),
                            "--kubeconfig=" + kubeconfig,
                            "--controllers=namespace-controller",
                            "--leader-elect=false",
                            "--secure-port=0")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new NamespaceController(p);
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + BINARY, e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
