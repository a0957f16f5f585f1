package io.srvlab.rds.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real Prometheus server (the Debian {@code prometheus} binary) on 127.0.0.1, scraping one target every second.
 *
 * <pre>{@code
 * try (var prometheus = PrometheusServer.start(URI.create("http://127.0.0.1:8080/q/metrics"))) {
 *     prometheus.awaitResult("rds_pool_connections_active{pool=\"rds-main\"}", Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * A missing binary fails the test (never skips it) with instructions: run {@code hack/provision.sh prometheus}.
 */
public final class PrometheusServer implements AutoCloseable {
    public static final Path BINARY = Path.of(System.getProperty("rds.test.prometheus", "/usr/bin/prometheus"));
    public static final String JOB = "rds-operator";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path workDir;
    private final URI baseUri;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path workDir, URI baseUri) {
        this.process = process;
        this.workDir = workDir;
        this.baseUri = baseUri;
    }

    /** Starts Prometheus scraping {@code target} (scheme, host, port and path are used) and waits until ready. */
    public static PrometheusServer start(URI target, Path... ruleFiles) {
        requireBinary();
        try {
            Path workDir = Files.createTempDirectory("rds-prometheus");
            var config = new StringBuilder();
            config.append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n");
            if (ruleFiles.length > 0) {
                config.append("rule_files:\n");
                for (Path rules : ruleFiles) {
                    config.append("  - '").append(rules.toAbsolutePath()).append("'\n");
                }
            }
            config.append("scrape_configs:\n")
                    .append("  - job_name: ")
                    .append(JOB)
                    .append('\n')
                    .append("    scheme: ")
                    .append(target.getScheme())
                    .append('\n')
                    .append("    metrics_path: '")
                    .append(target.getRawPath().isEmpty() ? "/metrics" : target.getRawPath())
                    .append("'\n")
                    .append("    static_configs:\n")
                    .append("      - targets: ['")
                    .append(target.getHost())
                    .append(':')
                    .append(target.getPort())
                    .append("']\n");
            Path configFile = workDir.resolve("prometheus.yml");
            Files.writeString(configFile, config, StandardCharsets.UTF_8);
            int port = freePort();
            Path log = workDir.resolve("prometheus.log");
            Process process = new ProcessBuilder(
                            BINARY.toString(),
                            "--config.file=" + configFile,
                            "--storage.tsdb.path=" + workDir.resolve("data"),
                            "--storage.tsdb.retention.time=1h",
                            "--web.listen-address=127.0.0.1:" + port,
                            "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            process.getOutputStream().close();
            var server = new PrometheusServer(process, workDir, URI.create("http://127.0.0.1:" + port));
            try {
                server.awaitReady();
            } catch (RuntimeException | Error e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start prometheus", e);
        }
    }

    public static void requireBinary() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("Prometheus is not installed (" + BINARY + " missing). Run"
                    + " hack/provision.sh prometheus, or: apt-get update && apt-get install -y --no-install-recommends"
                    + " prometheus");
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() {
        Awaitility.await("prometheus ready at " + baseUri)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .failFast("prometheus exited:\n" + "see " + workDir.resolve("prometheus.log"), () -> !process.isAlive())
                .until(() -> {
                    try {
                        return get("/-/ready").statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    public URI baseUri() {
        return baseUri;
    }

    /** Instant query; returns {@code data.result} (a vector: objects with "metric" and "value"). */
    public JsonNode query(String promql) {
        JsonNode body = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return body.path("data").path("result");
    }

    /** Waits until {@code promql} returns a non-empty result and returns it. */
    public JsonNode awaitResult(String promql, Duration timeout) {
        return Awaitility.await("prometheus has a result for " + promql)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> query(promql), result -> result.isArray() && !result.isEmpty());
    }

    /** GET on the HTTP API; fails with Prometheus' own error text unless it answers {"status":"success"}. */
    public JsonNode api(String pathAndQuery) {
        try {
            HttpResponse<String> response = get(pathAndQuery);
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200
                    || !"success".equals(body.path("status").asText())) {
                throw new AssertionError("prometheus " + pathAndQuery + " -> " + response.statusCode() + ": "
                        + body.path("errorType").asText() + ": "
                        + body.path("error").asText());
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException {
        try {
            return http.send(
                    HttpRequest.newBuilder(baseUri.resolve(pathAndQuery))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(workDir.resolve("prometheus.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            List<Path> all =
                    new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // temporary directory; best effort
        }
    }
}
