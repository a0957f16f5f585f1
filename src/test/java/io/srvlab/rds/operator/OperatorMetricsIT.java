package io.srvlab.rds.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.rdspoolconfig.ServerIdentity;
import io.srvlab.rds.testing.KubernetesTestResource;
import io.srvlab.rds.testing.OperatorTestEnvironment;
import io.srvlab.rds.testing.PrometheusServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The operator in-process, as production runs it: under its ServiceAccount's RBAC, scraped by a real Prometheus.
 */
@QuarkusTest
@QuarkusTestResource(value = KubernetesTestResource.class, restrictToAnnotatedClass = false)
class OperatorMetricsIT {

    @Inject
    KubernetesClient operatorClient;

    @Test
    void operatorRunsAsItsServiceAccountWithTheRbacOfManifests() {
        assertThat(operatorClient.getConfiguration().getImpersonateUsername())
                .isEqualTo(KubernetesTestResource.OPERATOR_IDENTITY);
        assertThatThrownBy(() -> operatorClient.secrets().inNamespace("default").list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode())
                        .isEqualTo(403));
        assertThat(operatorClient
                        .secrets()
                        .inNamespace(KubernetesTestResource.OPERATOR_NAMESPACE)
                        .list()
                        .getItems())
                .isNotNull();
    }

    @Test
    void prometheusScrapesPoolAndReconcileMetricsFromTheOperator() {
        var env = OperatorTestEnvironment.get();
        env.writeKeySecret(false);
        String pool = "scraped";
        env.client().resource(env.poolConfigYaml(pool, "")).createOr(existing -> existing.update());
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var pc = env.client().resources(RdsPoolConfig.class).withName(pool).get();
            return pc.getStatus() != null && Conditions.isTrue(pc.getStatus().conditions(), "Ready");
        });

        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        try (var prometheus = PrometheusServer.start(URI.create("http://127.0.0.1:" + port + "/q/metrics"))) {
            var created = prometheus.awaitResult(
                    "rds_pool_connections_created_total{pool=\"" + pool + "\"}", Duration.ofSeconds(60));
            assertThat(created.toString()).contains("\"pool\":\"" + pool + "\"");
            prometheus.awaitResult(
                    "rds_pool_circuit_state{pool=\"" + pool + "\", state=\"closed\"} == 1", Duration.ofSeconds(30));
            prometheus.awaitResult(
                    "count(rds_pool_circuit_state{pool=\"" + pool + "\"} == 0) == 2", Duration.ofSeconds(30));
            prometheus.awaitResult("rds_pool_connections_max{pool=\"" + pool + "\"} == 10", Duration.ofSeconds(30));
            prometheus.awaitResult("rds_command_seconds_count{pool=\"" + pool + "\"}", Duration.ofSeconds(30));
            prometheus.awaitResult("rds_volumes", Duration.ofSeconds(30));
            prometheus.awaitResult("operator_sdk_reconciliations_started_total", Duration.ofSeconds(30));
            // JOSDK's metrics per controller, not a series per custom resource (which would grow with the volumes)
            assertThat(prometheus.query("{__name__=~\"operator_sdk_.*\", name!=\"\"}"))
                    .as("JOSDK series labelled with a resource name")
                    .isEmpty();
            prometheus.awaitResult(
                    "rds_pool_host_key_verification_skipped{pool=\"" + pool + "\"} == 0", Duration.ofSeconds(30));
        }
    }

    @Test
    void poolConfigTransitionsAreEventsLikeVolumeTransitions() {
        var env = OperatorTestEnvironment.get();
        env.writeKeySecret(false);
        String pool = "announced";
        String missingSecret = OperatorTestEnvironment.poolConfigYaml(
                pool,
                1,
                KubernetesTestResource.OPERATOR_NAMESPACE,
                "no-such-secret",
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA",
                "");
        env.client().resource(missingSecret).create();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(poolEvents(env.client(), pool)).anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("SecretNotFound");
                    assertThat(e.getInvolvedObject().getKind()).isEqualTo("RdsPoolConfig");
                }));
        env.client().resources(RdsPoolConfig.class).withName(pool).delete();
        String reachable = "announced-ready";
        env.client().resource(env.poolConfigYaml(reachable, "")).create();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(poolEvents(env.client(), reachable))
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Normal");
                    assertThat(e.getReason()).isEqualTo("PoolReady");
                })
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Normal");
                    assertThat(e.getReason()).isEqualTo("Closed");
                }));
        env.client().resources(RdsPoolConfig.class).withName(reachable).delete();
    }

    /** Only Secrets labelled {@code rds.srvlab.io/ssh-key=true} are cached, so an unlabelled key is not read. */
    @Test
    void keySecretsAreReadOnlyWhenLabelled() {
        var env = OperatorTestEnvironment.get();
        String secret = "unlabelled-key";
        env.writeKeySecret(secret);
        var secrets = env.client().secrets().inNamespace(KubernetesTestResource.OPERATOR_NAMESPACE);
        secrets.withName(secret).edit(s -> {
            s.getMetadata().getLabels().remove("rds.srvlab.io/ssh-key");
            return s;
        });
        String pool = "label-selected";
        String yaml = env.poolConfigYaml(pool, "")
                .replace("name: " + OperatorTestEnvironment.SECRET + "}", "name: " + secret + "}");
        assertThat(yaml).contains("name: " + secret + "}");
        env.client().resource(yaml).createOr(existing -> existing.update());
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(readyOf(env, pool)).satisfies(ready -> {
                    assertThat(ready.getStatus()).isEqualTo("False");
                    assertThat(ready.getReason()).isEqualTo("SecretNotFound");
                    assertThat(ready.getMessage()).contains("lacks the label rds.srvlab.io/ssh-key=true");
                }));
        secrets.withName(secret).edit(s -> {
            s.getMetadata().getLabels().put("rds.srvlab.io/ssh-key", "true");
            return s;
        });
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(readyOf(env, pool).getStatus()).isEqualTo("True"));
        env.client().resources(RdsPoolConfig.class).withName(pool).delete();
        secrets.withName(secret).delete();
    }

    private static Condition readyOf(OperatorTestEnvironment env, String pool) {
        var pc = env.client().resources(RdsPoolConfig.class).withName(pool).get();
        assertThat(pc.getStatus()).as("status of " + pool).isNotNull();
        return Conditions.find(pc.getStatus().conditions(), "Ready").orElseThrow();
    }

    private static java.util.List<io.fabric8.kubernetes.api.model.Event> poolEvents(
            KubernetesClient client, String pool) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> pool.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    @Test
    void insecureHostKeyModeIsAConditionAWarningAndAMetric() {
        var env = OperatorTestEnvironment.get();
        env.writeKeySecret(false);
        String pool = "insecure";
        String yaml = env.poolConfigYaml(pool, "")
                .replaceAll("(?m)^    hostKey: .*$", "    insecureSkipHostKeyVerification: true");
        env.client().resource(yaml).createOr(existing -> existing.update());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var pc = env.client().resources(RdsPoolConfig.class).withName(pool).get();
            assertThat(pc.getStatus()).isNotNull();
            assertThat(Conditions.find(pc.getStatus().conditions(), "HostKeyVerified"))
                    .hasValueSatisfying(c -> {
                        assertThat(c.getStatus()).isEqualTo("False");
                        assertThat(c.getReason()).isEqualTo("InsecureSkipHostKeyVerification");
                    });
            // Unchecked, but still the key slot claims are keyed by (issue 20, finding 10).
            assertThat(pc.getStatus().server()).isNotNull();
            assertThat(pc.getStatus().server().hostKeyFingerprint())
                    .isEqualTo(ServerIdentity.fingerprint(env.hostKeyLine()));
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        env.client().v1().events().inAnyNamespace().list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getInvolvedObject().getName()).isEqualTo(pool);
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("InsecureSkipHostKeyVerification");
                }));
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        try (var prometheus = PrometheusServer.start(URI.create("http://127.0.0.1:" + port + "/q/metrics"))) {
            prometheus.awaitResult(
                    "rds_pool_host_key_verification_skipped{pool=\"" + pool + "\"} == 1", Duration.ofSeconds(60));
        }
        env.client().resources(RdsPoolConfig.class).withName(pool).delete();
    }
}
