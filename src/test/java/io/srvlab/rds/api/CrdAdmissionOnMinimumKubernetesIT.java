package io.srvlab.rds.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.srvlab.rds.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CRD admission checks on the oldest Kubernetes release the chart declares (Chart.yaml kubeVersion), so that the
 * declared minimum stays true: its kube-apiserver is built by hack/provision.sh like the default one.
 */
class CrdAdmissionOnMinimumKubernetesIT extends CrdAdmissionChecks {
    @Override
    String kubernetesVersion() {
        return TestCluster.MINIMUM_VERSION;
    }

    @Test
    void chartDeclaresThisReleaseAsItsMinimum() throws Exception {
        String minor = TestCluster.MINIMUM_VERSION.substring(0, TestCluster.MINIMUM_VERSION.lastIndexOf('.'));
        assertThat(Files.readString(Path.of("helm", "rds-operator", "Chart.yaml")))
                .contains("kubeVersion: \">=" + minor + ".0-0\"");
    }
}
