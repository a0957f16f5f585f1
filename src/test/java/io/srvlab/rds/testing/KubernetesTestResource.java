package io.srvlab.rds.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the operator under test at the real kube-apiserver of {@link TestCluster}, with the committed CRDs and the
 * operator namespace installed, before Quarkus starts it.
 */
public class KubernetesTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String OPERATOR_NAMESPACE = OperatorInstallation.NAMESPACE;
    public static final String OPERATOR_IDENTITY = OperatorInstallation.IDENTITY;

    @Override
    public Map<String, String> start() {
        TestCluster cluster = TestCluster.get();
        OperatorInstallation.install(cluster);
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

    @Override
    public void stop() {
        System.clearProperty("kubeconfig");
    }
}
