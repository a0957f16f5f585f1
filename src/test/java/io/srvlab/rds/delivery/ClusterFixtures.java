package io.srvlab.rds.delivery;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.srvlab.rds.testing.CrdInstaller;
import io.srvlab.rds.testing.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * Cluster state the delivery tests share: our CRDs, schema-less Prometheus Operator CRDs, namespaces; a VolumePopulator
 * CRD for the test that asks for it.
 */
final class ClusterFixtures {
    /**
     * Minimal stand-ins for the Prometheus Operator CRDs: right group/kind/scope, no schema. Enough for the API server
     * to accept (and dry-run) ServiceMonitor and PrometheusRule objects.
     */
    static final String MONITORING_CRDS = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: servicemonitors.monitoring.coreos.com}
            spec:
              group: monitoring.coreos.com
              scope: Namespaced
              names: {kind: ServiceMonitor, listKind: ServiceMonitorList, plural: servicemonitors, singular: servicemonitor}
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
            ---
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: prometheusrules.monitoring.coreos.com}
            spec:
              group: monitoring.coreos.com
              scope: Namespaced
              names: {kind: PrometheusRule, listKind: PrometheusRuleList, plural: prometheusrules, singular: prometheusrule}
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """;

    /**
     * A stand-in for the volume-data-source-validator's VolumePopulator CRD (the Go module proxy does not serve that
     * module, so it cannot be fetched like the Kubernetes binaries): the same group, version, kind, scope and the same
     * required {@code sourceKind: {group, kind}} at the top level, so the API server checks a VolumePopulator's shape.
     */
    static final String VOLUME_POPULATOR_CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: volumepopulators.populator.storage.k8s.io
              # a *.k8s.io group needs the approval the real CRD names (kubernetes/enhancements pull 2934)
              annotations: {api-approved.kubernetes.io: "https://github.com/kubernetes/enhancements/pull/2934"}
            spec:
              group: populator.storage.k8s.io
              scope: Cluster
              names: {kind: VolumePopulator, listKind: VolumePopulatorList, plural: volumepopulators, singular: volumepopulator}
              versions:
                - name: v1beta1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      required: [sourceKind]
                      properties:
                        apiVersion: {type: string}
                        kind: {type: string}
                        metadata: {type: object}
                        sourceKind:
                          type: object
                          required: [group, kind]
                          properties:
                            group: {type: string}
                            kind: {type: string}
            """;

    private static boolean installed;

    private ClusterFixtures() {}

    static synchronized TestCluster cluster() {
        TestCluster cluster = TestCluster.get();
        if (!installed) {
            try {
                CrdInstaller.install(cluster.client());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cluster.kubectl(
                    "apply",
                    "--server-side",
                    "-f",
                    Charts.writeTemp("monitoring-crds", MONITORING_CRDS).toString());
            for (String crd :
                    new String[] {"servicemonitors.monitoring.coreos.com", "prometheusrules.monitoring.coreos.com"}) {
                cluster.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd/" + crd);
            }
            installed = true;
        }
        return cluster;
    }

    /** Installs (idempotently) the VolumePopulator stand-in CRD and waits until it is served. */
    static void volumePopulatorCrd(TestCluster cluster) {
        cluster.kubectl(
                "apply",
                "--server-side",
                "-f",
                Charts.writeTemp("volume-populator-crd", VOLUME_POPULATOR_CRD).toString());
        cluster.kubectl(
                "wait",
                "--for=condition=Established",
                "--timeout=60s",
                "crd/volumepopulators.populator.storage.k8s.io");
    }

    /** Creates (idempotently) a namespace that enforces and warns on the "restricted" Pod Security level. */
    static void restrictedNamespace(TestCluster cluster, String name) {
        cluster.client()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(Map.of(
                                "pod-security.kubernetes.io/enforce", "restricted",
                                "pod-security.kubernetes.io/warn", "restricted"))
                        .endMetadata()
                        .build())
                .createOr(existing -> existing.update());
        Awaitility.await("namespace " + name)
                .atMost(Duration.ofSeconds(30))
                .until(() -> cluster.client().namespaces().withName(name).get() != null);
    }
}
