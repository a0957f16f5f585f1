package io.srvlab.rds.api;

import io.srvlab.rds.testing.TestCluster;

/** The CRD admission checks on the Kubernetes release every cluster test uses. */
class CrdAdmissionIT extends CrdAdmissionChecks {
    @Override
    String kubernetesVersion() {
        return TestCluster.VERSION;
    }
}
