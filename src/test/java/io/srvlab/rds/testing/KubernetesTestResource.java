package io.srvlab.rds.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Points the operator under test at the real kube-apiserver of {@link TestCluster}, with the committed CRDs and the
 * operator namespace installed, before Quarkus starts it.
 */
public class KubernetesTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String OPERATOR_NAMESPACE = "rds-system";
    public static final String OPERATOR_IDENTITY = "system:serviceaccount:rds-system:rds-operator";
    private static final Set<String> RBAC_KINDS =
            Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

    @Override
    public Map<String, String> start() {
        TestCluster cluster = TestCluster.get();
        try {
            CrdInstaller.install(cluster.client());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cluster.client()
                .namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(OPERATOR_NAMESPACE)
                        .endMetadata()
                        .build())
                .serverSideApply();
        installOperatorRbac(cluster);
        // The Fabric8 client Quarkus builds auto-configures from this kubeconfig; OperatorIdentityCustomizer makes
        // it act as the operator's ServiceAccount, so a permission missing from manifests/ fails these tests.
        System.setProperty("kubeconfig", cluster.kubeconfig().toString());
        return Map.of(
                "rds.secret-namespace",
                OPERATOR_NAMESPACE,
                "rds.volume.drift-check-interval",
                "3s",
                "rds.volume.permanent-failure-recheck",
                "1h");
    }

    /** The ServiceAccount, (Cluster)Roles and bindings exactly as {@code manifests/} installs them. */
    private static void installOperatorRbac(TestCluster cluster) {
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

    @Override
    public void stop() {
        System.clearProperty("kubeconfig");
    }
}
