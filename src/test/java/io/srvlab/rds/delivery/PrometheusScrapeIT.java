package io.srvlab.rds.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.srvlab.rds.testing.PrometheusServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes a target that serves Micrometer's Prometheus registry (the one Quarkus exposes at
 * /q/metrics) with the pool metrics named as in the metrics table of docs/install.md; the alert rules load and fire, every dashboard query
 * parses. The lead points {@link PrometheusServer} at the running operator's /q/metrics in the end-to-end test.
 */
class PrometheusScrapeIT {
    static final Path RULES = Path.of("monitoring/prometheus/rds-operator-rules.yaml");
    static final Path DASHBOARD = Path.of("monitoring/grafana/rds-operator-dashboard.json");

    private static PrometheusMeterRegistry registry;
    private static HttpServer target;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void start() throws IOException {
        PrometheusServer.requireBinary();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registerPoolMetrics(registry, "t", "closed");
        registerPoolMetrics(registry, "down", "open"); // breaker open since the pool appeared
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/q/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        target.start();
        URI metrics = URI.create("http://127.0.0.1:" + target.getAddress().getPort() + "/q/metrics");
        prometheus = PrometheusServer.start(metrics, RULES);
    }

    /** The pool's meters the way the pool engineer registers them (Micrometer names → Prometheus names). */
    static void registerPoolMetrics(PrometheusMeterRegistry registry, String pool, String circuitState) {
        Gauge.builder("rds.pool.connections.active", () -> 3).tag("pool", pool).register(registry);
        Gauge.builder("rds.pool.connections.idle", () -> 2).tag("pool", pool).register(registry);
        Gauge.builder("rds.pool.connections.pending", () -> 0).tag("pool", pool).register(registry);
        Gauge.builder("rds.pool.connections.max", () -> 10).tag("pool", pool).register(registry);
        for (var state : List.of("closed", "open", "half_open")) {
            Gauge.builder("rds.pool.circuit.state", () -> state.equals(circuitState) ? 1 : 0)
                    .tag("pool", pool)
                    .tag("state", state)
                    .register(registry);
        }
        Counter.builder("rds.pool.connections.created")
                .tag("pool", pool)
                .register(registry)
                .increment(5);
        Counter.builder("rds.pool.connection.errors")
                .tag("pool", pool)
                .register(registry)
                .increment();
        Counter.builder("rds.pool.rate.limited").tag("pool", pool).register(registry);
        Counter.builder("rds.pool.circuit.breaks").tag("pool", pool).register(registry);
        Timer.builder("rds.pool.acquire")
                .tag("pool", pool)
                .publishPercentileHistogram()
                .register(registry)
                .record(12, TimeUnit.MILLISECONDS);
        if (!pool.equals("t")) {
            return;
        }
        Timer.builder("rds.command")
                .tag("command", "disk-add")
                .tag("outcome", "success")
                .publishPercentileHistogram()
                .register(registry)
                .record(40, TimeUnit.MILLISECONDS);
        for (String phase : List.of("Pending", "Creating", "Ready", "Resizing", "Deleting", "Failed")) {
            Gauge.builder("rds.volumes", () -> phase.equals("Ready") ? 4 : 0)
                    .tag("phase", phase)
                    .register(registry);
        }
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void scrapesThePoolMetricsUnderTheirPrometheusNames() {
        JsonNode active = prometheus.awaitResult(
                "rds_pool_connections_active{job=\"rds-operator\", pool=\"t\"}", Duration.ofSeconds(60));
        assertThat(active.get(0).at("/value/1").asText()).isEqualTo("3");
        for (String series : List.of(
                "rds_pool_connections_idle",
                "rds_pool_connections_pending",
                "rds_pool_connections_max",
                "rds_pool_connections_created_total",
                "rds_pool_connection_errors_total",
                "rds_pool_rate_limited_total",
                "rds_pool_circuit_breaks_total",
                "rds_pool_circuit_state",
                "rds_pool_acquire_seconds_bucket",
                "rds_pool_acquire_seconds_count",
                "rds_pool_acquire_seconds_sum")) {
            assertThat(prometheus.query(series + "{pool=\"t\"}")).as(series).isNotEmpty();
        }
        assertThat(prometheus.query("rds_command_seconds_count{command=\"disk-add\", outcome=\"success\"}"))
                .isNotEmpty();
        assertThat(prometheus
                        .query("rds_volumes{phase=\"Ready\"}")
                        .get(0)
                        .at("/value/1")
                        .asText())
                .isEqualTo("4");
    }

    @Test
    void alertRulesLoadAndFire() throws java.io.IOException {
        // active: pending for the rule's 5 minutes, then firing
        JsonNode alert = org.awaitility.Awaitility.await("RdsCircuitBreakerOpen active for pool down")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> active("RdsCircuitBreakerOpen", "down"), a -> a != null);
        assertThat(alert.at("/labels/severity").asText()).isEqualTo("warning");
        assertThat(alert.at("/annotations/summary").asText()).isEqualTo("Circuit breaker of RDS pool down is open");
        assertThat(active("RdsCircuitBreakerOpen", "t"))
                .as("closed breaker does not alert")
                .isNull();

        JsonNode groups = prometheus.api("/api/v1/rules").at("/data/groups");
        List<String> rules = new ArrayList<>();
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                rules.add(rule.path("name").asText() + "=" + rule.path("health").asText());
            }
        }
        assertThat(rules)
                .containsExactlyInAnyOrderElementsOf(HelmChartIT.alertNames().stream()
                        .map(name -> name + "=ok")
                        .toList());
    }

    private static JsonNode active(String alertname, String pool) {
        for (JsonNode alert : prometheus.api("/api/v1/alerts").at("/data/alerts")) {
            if (alert.at("/labels/alertname").asText().equals(alertname)
                    && alert.at("/labels/pool").asText().equals(pool)
                    && List.of("pending", "firing").contains(alert.path("state").asText())) {
                return alert;
            }
        }
        return null;
    }

    @Test
    void everyDashboardQueryIsValidPromqlWithData() throws IOException {
        prometheus.awaitResult("rds_pool_acquire_seconds_count{pool=\"t\"}", Duration.ofSeconds(60));
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.path("expr").asText());
            }
        }
        assertThat(exprs).hasSizeGreaterThan(15);
        for (String expr : exprs) {
            assertThat(expr).as("honours the namespace variable").contains("namespace=~\"$namespace\"");
            if (expr.contains("rds_pool_") || expr.contains("rds_command_")) {
                assertThat(expr.split("\\{", -1).length - 1)
                        .as("every selector of %s honours the pool variable", expr)
                        .isEqualTo(expr.split("pool=~\"\\$pool\"", -1).length - 1);
            }
            String promql = expr.replace("$__rate_interval", "1m")
                    .replace("$pool", ".*")
                    .replace("$namespace", ".*");
            // fails with Prometheus' parse error if the expression is invalid
            prometheus.api("/api/v1/query?query=" + java.net.URLEncoder.encode(promql, StandardCharsets.UTF_8));
        }
        JsonNode namespaceVariable = dashboard.at("/templating/list/1");
        assertThat(namespaceVariable.path("name").asText()).isEqualTo("namespace");
        JsonNode poolVariable = dashboard.at("/templating/list/2");
        assertThat(poolVariable.at("/query/query").asText())
                .isEqualTo("label_values(rds_pool_connections_max{namespace=~\"$namespace\"}, pool)");
        assertThat(prometheus.query("rds_pool_connections_max"))
                .extracting(r -> r.at("/metric/pool").asText())
                .containsExactlyInAnyOrder("t", "down");
    }
}
