package io.srvlab.rds.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.srvlab.rds.testing.OperatorInstallation;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.Readiness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An informer whose first list fails at start-up does not end the operator: it is retried, readiness stays down
 * meanwhile, and the operator serves once the list succeeds (a pooled connection the API server had closed ended it
 * before). An informer whose cache is still empty after the cache-sync timeout does end it, so that it does not go on
 * serving from an empty cache. The failure is a refused list: the operator runs as a ServiceAccount of its own with the
 * operator's RBAC minus {@code list} on the custom resources, granted in full while it retries.
 */
class InformerStartIT {
    private static final String ACCOUNT = "rds-operator-informer-start";
    private static final String POOL = "informer-start";
    /**
     * The chart's readinessProbe timeout: JOSDK holds a lock while the informers start that the readiness check waits
     * for, so the endpoint answers only then; a kubelet counts that as not ready.
     */
    private static final Duration READINESS_PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final ProofEnvironment env = ProofEnvironment.get();

    @AfterEach
    void removeAccount() {
        var rbac = env.client().rbac();
        rbac.clusterRoleBindings().withName(ACCOUNT).delete();
        rbac.clusterRoles().withName(ACCOUNT).delete();
        rbac.roleBindings()
                .inNamespace(OperatorInstallation.NAMESPACE)
                .withName(ACCOUNT)
                .delete();
        env.client()
                .serviceAccounts()
                .inNamespace(OperatorInstallation.NAMESPACE)
                .withName(ACCOUNT)
                .delete();
    }

    @Test
    void aListRefusedAtStartIsRetriedAndTheOperatorServesOnceItSucceeds() throws IOException {
        Path kubeconfig = accountWith(InformerStartIT::withoutCustomResourceList);
        env.createPoolConfigWith(POOL, "");
        OperatorProcess operator = null;
        try {
            operator = env.launchOperator("informer-start-retry", Map.of(), kubeconfig);
            OperatorProcess running = operator;
            await("the refused list retried (operator log: " + running.log() + ")")
                    .atMost(ProofEnvironment.OPERATOR_START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("the operator exited", () -> !running.isAlive())
                    .until(() -> log(running).contains("will retry"));
            assertThat(log(running)).contains("listSyncAndWatch failed for rds.srvlab.io/v1alpha1/");
            assertThat(running.isReady(READINESS_PROBE_TIMEOUT))
                    .as("readiness while a list is refused")
                    .isFalse();
            assertThat(env.poolConfig(POOL).getStatus())
                    .as("nothing reconciled while a list is refused")
                    .isNull();

            env.client()
                    .resource(clusterRole(UnaryOperator.identity()))
                    .forceConflicts()
                    .serverSideApply();
            await("serving once the list is allowed (operator log: " + running.log() + ")")
                    .atMost(ProofEnvironment.OPERATOR_START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .failFast("the operator exited", () -> !running.isAlive())
                    .until(() -> running.isReady() && Readiness.isReady(env.poolConfig(POOL)));
        } finally {
            try {
                env.deletePoolConfig(POOL); // the operator releases its finalizer
            } finally {
                if (operator != null) {
                    operator.close();
                }
            }
        }
    }

    @Test
    void aCacheStillEmptyAfterTheSyncTimeoutEndsTheOperator() throws IOException {
        Path kubeconfig = accountWith(InformerStartIT::withoutCustomResourceList);
        OperatorProcess operator = env.launchOperator(
                "informer-start-timeout", Map.of("quarkus.operator-sdk.cache-sync-timeout", "3s"), kubeconfig);
        try {
            await("the operator exits (operator log: " + operator.log() + ")")
                    .atMost(ProofEnvironment.OPERATOR_START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !operator.isAlive());
            assertThat(operator.exitValue()).hasValue(1);
            assertThat(log(operator))
                    .contains("will retry")
                    .contains("did not fill within the cache-sync timeout; exiting")
                    .contains("rdsvolume/");
        } finally {
            operator.close();
        }
    }

    /**
     * ServiceAccount {@link #ACCOUNT} in the operator's namespace, with the operator's namespaced Role and its
     * ClusterRole's rules changed by {@code rules}; returns a kubeconfig that authenticates as it.
     */
    private Path accountWith(UnaryOperator<List<PolicyRule>> rules) throws IOException {
        String namespace = OperatorInstallation.NAMESPACE;
        env.client()
                .serviceAccounts()
                .inNamespace(namespace)
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName(ACCOUNT)
                        .withNamespace(namespace)
                        .endMetadata()
                        .build())
                .serverSideApply();
        env.client().resource(clusterRole(rules)).forceConflicts().serverSideApply();
        ClusterRoleBinding clusterBinding = new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(ACCOUNT)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", ACCOUNT)
                .addNewSubject(null, "ServiceAccount", ACCOUNT, namespace)
                .build();
        env.client().resource(clusterBinding).forceConflicts().serverSideApply();
        env.client()
                .resource(new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName(ACCOUNT)
                        .withNamespace(namespace)
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", OperatorInstallation.SERVICE_ACCOUNT)
                        .addNewSubject(null, "ServiceAccount", ACCOUNT, namespace)
                        .build())
                .forceConflicts()
                .serverSideApply();
        return OperatorInstallation.serviceAccountKubeconfig(env.cluster(), ACCOUNT);
    }

    /** The operator's ClusterRole as manifests/ installs it, under {@link #ACCOUNT}'s name, its rules changed. */
    private ClusterRole clusterRole(UnaryOperator<List<PolicyRule>> rules) throws IOException {
        try (InputStream manifest = Files.newInputStream(Path.of("manifests/10-rds-operator.yaml"))) {
            ClusterRole operatorRole = env.client().load(manifest).items().stream()
                    .filter(ClusterRole.class::isInstance)
                    .map(ClusterRole.class::cast)
                    .filter(role -> role.getMetadata().getName().equals(OperatorInstallation.SERVICE_ACCOUNT))
                    .findFirst()
                    .orElseThrow();
            return new ClusterRoleBuilder()
                    .withNewMetadata()
                    .withName(ACCOUNT)
                    .endMetadata()
                    .withRules(rules.apply(operatorRole.getRules()))
                    .build();
        }
    }

    /** Every rule of the operator's ClusterRole, with {@code list} taken from the rule on its custom resources. */
    private static List<PolicyRule> withoutCustomResourceList(List<PolicyRule> rules) {
        return rules.stream()
                .map(rule -> rule.getApiGroups().equals(List.of("rds.srvlab.io"))
                                && rule.getResources().contains("rdsvolumes")
                                && rule.getVerbs().contains("list")
                        ? new PolicyRuleBuilder(rule)
                                .withVerbs(rule.getVerbs().stream()
                                        .filter(verb -> !verb.equals("list"))
                                        .toList())
                                .build()
                        : rule)
                .toList();
    }

    private static String log(OperatorProcess operator) throws IOException {
        return Files.readString(operator.log(), StandardCharsets.UTF_8);
    }
}
