package io.srvlab.rds.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.Readiness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, finding 11: an operator newer than its CRDs would have the API server prune fields it writes or a user set
 * (here the tenancy's host-name bound), silently. It serves nothing until the CRDs of its release are applied: a log
 * line that names the missing fields, the gauge {@code rds_crd_outdated}, readiness down, and no status written.
 */
class CrdVersionIT {
    private static final String CRD = "rdspoolconfigs.rds.srvlab.io";
    private static final Path CRD_FILE = Path.of("crds", CRD + ".yaml");
    private static final String POOL = "crd-version";

    private final ProofEnvironment env = ProofEnvironment.get();

    @Test
    void anOperatorNewerThanItsCrdsServesNothingUntilTheyAreApplied() throws Exception {
        CustomResourceDefinition current = load();
        CustomResourceDefinition older = load();
        tenancyFields(older).remove("allowedHostNames");
        env.client().resource(older).forceConflicts().serverSideApply();
        OperatorProcess operator = null;
        try {
            await("the older CRD served").atMost(Duration.ofSeconds(30)).until(() -> !tenancyFields(env.client()
                            .apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .withName(CRD)
                            .get())
                    .containsKey("allowedHostNames"));
            operator = env.launchOperator("crd-older", Map.of("rds.crd-recheck", "1s"));
            OperatorProcess running = operator;
            await("the refusal logged and exported")
                    .atMost(ProofEnvironment.OPERATOR_START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> running.metrics().contains("rds_crd_outdated{crd=\"" + CRD + "\"} 1.0"));
            assertThat(Files.readString(operator.log(), StandardCharsets.UTF_8))
                    .contains("Not serving: CustomResourceDefinition " + CRD)
                    .contains("spec.tenancy.allowedHostNames");
            assertThat(operator.isReady())
                    .as("readiness while the CRDs are older")
                    .isFalse();
            assertThat(operator.metrics()).contains("rds_crd_outdated{crd=\"rdsvolumes.rds.srvlab.io\"} 0.0");

            env.createPoolConfigWith(POOL, "");
            await("nothing reconciled under the older CRD")
                    .during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> env.poolConfig(POOL).getStatus() == null);

            env.client().resource(current).forceConflicts().serverSideApply();
            await("serving once the CRDs of its release are applied (operator log: " + operator.log() + ")")
                    .atMost(ProofEnvironment.OPERATOR_START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> running.isReady()
                            && Readiness.isReady(env.poolConfig(POOL))
                            && running.metrics().contains("rds_crd_outdated{crd=\"" + CRD + "\"} 0.0"));
        } finally {
            env.client().resource(current).forceConflicts().serverSideApply();
            if (env.poolConfig(POOL) != null) {
                env.deletePoolConfig(POOL); // the operator releases its finalizer
            }
            if (operator != null) {
                operator.close();
            }
        }
    }

    private static Map<String, JSONSchemaProps> tenancyFields(CustomResourceDefinition crd) {
        return crd.getSpec()
                .getVersions()
                .get(0)
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec")
                .getProperties()
                .get("tenancy")
                .getProperties();
    }

    private static CustomResourceDefinition load() throws Exception {
        return Serialization.unmarshal(
                Files.readString(CRD_FILE, StandardCharsets.UTF_8), CustomResourceDefinition.class);
    }
}
