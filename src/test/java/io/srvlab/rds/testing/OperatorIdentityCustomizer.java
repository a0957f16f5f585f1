package io.srvlab.rds.testing;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;
import jakarta.inject.Singleton;

/**
 * In {@code @QuarkusTest}s the operator's client impersonates the operator's ServiceAccount, so it has exactly the
 * permissions {@code manifests/} grants. (Quarkus builds the client config itself and does not carry the kubeconfig's
 * {@code as:} over.)
 */
@Singleton
public class OperatorIdentityCustomizer implements KubernetesConfigCustomizer {
    @Override
    public void customize(Config config) {
        config.setImpersonateUsername(KubernetesTestResource.OPERATOR_IDENTITY);
    }
}
