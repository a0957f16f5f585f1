package io.srvlab.rds.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * What an operator needs in the {@link TestCluster} before it starts: the committed CRDs, its namespace, and its
 * ServiceAccount with the (Cluster)Roles and bindings exactly as {@code manifests/} installs them, so a permission
 * missing there fails the tests. Idempotent.
 */
public final class OperatorInstallation {
    public static final String NAMESPACE = "rds-system";
    public static final String SERVICE_ACCOUNT = "rds-operator";
    public static final String IDENTITY = "system:serviceaccount:" + NAMESPACE + ":" + SERVICE_ACCOUNT;
    private static final Set<String> RBAC_KINDS =
            Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

    private OperatorInstallation() {}

    public static synchronized void install(TestCluster cluster) {
        try {
            CrdInstaller.install(cluster.client());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Namespaces.ensure(cluster.client(), NAMESPACE);
        try (var manifest = Files.newInputStream(Path.of("manifests/10-rds-operator.yaml"))) {
            for (HasMetadata object : cluster.client().load(manifest).items()) {
                if (RBAC_KINDS.contains(object.getKind())) {
                    cluster.client().resource(object).forceConflicts().serverSideApply();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A kubeconfig that authenticates as the operator's ServiceAccount with a token from the TokenRequest API, as a
     * pod's mounted token would: a process using it has exactly the RBAC of {@code manifests/}.
     */
    public static Path serviceAccountKubeconfig(TestCluster cluster) {
        return serviceAccountKubeconfig(cluster, SERVICE_ACCOUNT);
    }

    /** As {@link #serviceAccountKubeconfig(TestCluster)}, for another ServiceAccount of the operator's namespace. */
    public static Path serviceAccountKubeconfig(TestCluster cluster, String account) {
        String token = ServiceAccounts.token(cluster.client(), NAMESPACE, account);
        String masterUrl = cluster.client().getConfiguration().getMasterUrl();
        String caData = ServiceAccounts.caData(cluster);
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster: {server: "%s", certificate-authority-data: "%s"}
                users:
                - name: %s
                  user: {token: "%s"}
                contexts:
                - name: operator
                  context: {cluster: test, user: %s, namespace: %s}
                current-context: operator
                """.formatted(masterUrl, caData, account, token, account, NAMESPACE);
        try {
            Path file = Files.createTempFile("rds-operator-kubeconfig", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
