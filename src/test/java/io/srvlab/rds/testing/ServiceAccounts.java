package io.srvlab.rds.testing;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.srvlab.rds.api.RdsPoolConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * ServiceAccounts in the {@link TestCluster} and clients that authenticate as them with a token from the TokenRequest
 * API, as a pod's mounted token would: what such a client may do is exactly what its RBAC grants.
 */
public final class ServiceAccounts {
    private static final long TOKEN_SECONDS = 6L * 3600;

    private ServiceAccounts() {}

    /**
     * A tenant: namespace {@code namespace} with ServiceAccount {@code account}, bound to a Role that grants
     * {@code verbs} on RdsVolumes and RdsSnapshots of that namespace and nothing else; returns a client authenticated as the account
     * (close it when done).
     */
    public static KubernetesClient tenant(TestCluster cluster, String namespace, String account, List<String> verbs) {
        return withRules(
                cluster,
                namespace,
                account,
                List.of(new PolicyRuleBuilder()
                        .withApiGroups(RdsPoolConfig.GROUP)
                        .withResources("rdsvolumes", "rdssnapshots")
                        .withVerbs(verbs)
                        .build()));
    }

    /**
     * Namespace {@code namespace} with ServiceAccount {@code account}, bound to a Role of exactly {@code rules} there;
     * returns a client authenticated as the account (close it when done).
     */
    public static KubernetesClient withRules(
            TestCluster cluster, String namespace, String account, List<PolicyRule> rules) {
        KubernetesClient admin = cluster.client();
        Namespaces.ensure(admin, namespace);
        admin.serviceAccounts()
                .inNamespace(namespace)
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName(account)
                        .withNamespace(namespace)
                        .endMetadata()
                        .build())
                .serverSideApply();
        admin.rbac()
                .roles()
                .inNamespace(namespace)
                .resource(new RoleBuilder()
                        .withNewMetadata()
                        .withName(account)
                        .withNamespace(namespace)
                        .endMetadata()
                        .withRules(rules)
                        .build())
                .forceConflicts()
                .serverSideApply();
        admin.rbac()
                .roleBindings()
                .inNamespace(namespace)
                .resource(new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName(account)
                        .withNamespace(namespace)
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", account)
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName(account)
                        .withNamespace(namespace)
                        .endSubject()
                        .build())
                .forceConflicts()
                .serverSideApply();
        return client(cluster, token(admin, namespace, account), namespace);
    }

    /** A bound token of the ServiceAccount from the TokenRequest API, valid for six hours. */
    public static String token(KubernetesClient admin, String namespace, String account) {
        return admin.serviceAccounts()
                .inNamespace(namespace)
                .withName(account)
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(TOKEN_SECONDS)
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
    }

    /** The API server's CA as base64 PEM, as a kubeconfig's {@code certificate-authority-data} holds it. */
    static String caData(TestCluster cluster) {
        Config config = cluster.client().getConfiguration();
        if (config.getCaCertData() != null) {
            return config.getCaCertData();
        }
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client of the cluster that carries only {@code token}: no client certificate, no other credentials. */
    public static KubernetesClient client(TestCluster cluster, String token, String namespace) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(cluster.client().getConfiguration().getMasterUrl())
                .withCaCertData(caData(cluster))
                .withOauthToken(token)
                .withNamespace(namespace)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
