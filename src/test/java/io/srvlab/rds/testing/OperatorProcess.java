package io.srvlab.rds.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The packaged operator ({@code target/quarkus-app/quarkus-run.jar}, prod profile, so with leader election) as a
 * child process, the way a pod runs it: configured by environment and system properties, logging to a file. Can be
 * stopped politely (SIGTERM) or killed (SIGKILL), and measured (RSS from {@code /proc}, metrics from /q/metrics).
 */
public final class OperatorProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private OperatorProcess(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** How to start one; {@code identity} is the pod name (leader-election identity). */
    public record Options(
            Path kubeconfig,
            String namespace,
            String identity,
            Path log,
            Map<String, String> properties,
            List<String> jvmArgs,
            Map<String, String> environment) {

        public static Options of(Path kubeconfig, String namespace, String identity, Path log) {
            return new Options(kubeconfig, namespace, identity, log, Map.of(), List.of(), Map.of());
        }

        public Options withProperty(String key, String value) {
            var copy = new LinkedHashMap<>(properties);
            copy.put(key, value);
            return new Options(kubeconfig, namespace, identity, log, Map.copyOf(copy), jvmArgs, environment);
        }

        public Options withJvmArgs(String... args) {
            return new Options(kubeconfig, namespace, identity, log, properties, List.of(args), environment);
        }

        /** Environment variables of the process beyond the ones every operator gets (as a container's {@code ENV}). */
        public Options withEnvironment(Map<String, String> variables) {
            var copy = new LinkedHashMap<>(environment);
            copy.putAll(variables);
            return new Options(kubeconfig, namespace, identity, log, properties, jvmArgs, Map.copyOf(copy));
        }
    }

    public static OperatorProcess start(Options options) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("missing " + JAR + ": run ./mvnw -B -DskipTests package first");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options.jvmArgs());
        options.properties().forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", JAR.toString()));
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(options.log().toFile()));
        builder.environment().putAll(options.environment());
        builder.environment().put("KUBECONFIG", options.kubeconfig().toString());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("POD_NAMESPACE", options.namespace());
        builder.environment().put("HOSTNAME", options.identity());
        builder.environment().put("POD_NAME", options.identity());
        try {
            return new OperatorProcess(builder.start(), port, options.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status once the process has ended on its own or was stopped; empty while it runs. */
    public OptionalInt exitValue() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    public Path log() {
        return log;
    }

    /** True once the readiness endpoint answers 200 (the operator has started its controllers). */
    public boolean isReady() {
        return isReady(Duration.ofSeconds(10));
    }

    /** As {@link #isReady()}, counting no answer within {@code timeout} as not ready, as a kubelet's probe does. */
    public boolean isReady(Duration timeout) {
        return get("/q/health/ready", timeout).map(r -> r.statusCode() == 200).orElse(false);
    }

    /** The Prometheus exposition text, or empty when the operator does not answer. */
    public String metrics() {
        return get("/q/metrics", Duration.ofSeconds(10)).map(HttpResponse::body).orElse("");
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or released. Waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("operator " + pid() + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, then waits; the exit status, or empty if it had not exited within {@code timeout}. */
    public OptionalInt stop(Duration timeout) {
        process.destroy();
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(process.exitValue())
                    : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** Resident set size now and at its peak ({@code VmRSS}, {@code VmHWM}), in KiB; -1 when not readable. */
    public record Rss(long currentKiB, long peakKiB) {}

    public Rss rss() {
        long rss = -1;
        long peak = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) rss = kib(line);
                if (line.startsWith("VmHWM:")) peak = kib(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
        return new Rss(rss, peak);
    }

    @Override
    public void close() {
        if (process.isAlive() && stop(Duration.ofSeconds(20)).isEmpty()) {
            kill();
        }
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private Optional<HttpResponse<String>> get(String path, Duration timeout) {
        try {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(timeout)
                    .build();
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
