package io.srvlab.rds.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Points the operator under test at the real kube-apiserver of {@link TestCluster}, with the committed CRDs and the
 * operator namespace installed, before Quarkus starts it.
 */
public class KubernetesTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String OPERATOR_NAMESPACE = "rds-system";

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
        // The Fabric8 client Quarkus builds auto-configures from this kubeconfig.
        System.setProperty("kubeconfig", cluster.kubeconfig().toString());
        return Map.of(
                "rds.secret-namespace",
                OPERATOR_NAMESPACE,
                "rds.volume.drift-check-interval",
                "3s",
                "rds.volume.permanent-failure-recheck",
                "1h");
    }

    @Override
    public void stop() {
        System.clearProperty("kubeconfig");
    }
}
