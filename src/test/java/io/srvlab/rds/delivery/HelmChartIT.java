package io.srvlab.rds.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import io.srvlab.rds.testing.TestCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart: lint, render with the defaults and with every optional feature on, and let the real API server
 * (kube-api-test) validate every rendered object with a server-side dry-run apply.
 */
class HelmChartIT {
    static final String RELEASE = "chart-test";
    static final String NAMESPACE = "rds-chart-test";
    static final String FULLNAME = "chart-test-rds-operator";
    static final Path RULES = Path.of("monitoring/prometheus/rds-operator-rules.yaml");

    static final List<String> DEFAULT_OBJECTS = List.of(
            "ServiceAccount/" + NAMESPACE + "/" + FULLNAME,
            "ClusterRole/" + FULLNAME,
            "ClusterRoleBinding/" + FULLNAME,
            "ClusterRole/rds-volume-viewer",
            "ClusterRole/rds-volume-editor",
            "Role/" + NAMESPACE + "/" + FULLNAME,
            "RoleBinding/" + NAMESPACE + "/" + FULLNAME,
            "Service/" + NAMESPACE + "/" + FULLNAME + "-metrics",
            "Deployment/" + NAMESPACE + "/" + FULLNAME,
            "ValidatingAdmissionPolicy/" + FULLNAME + "-volume-status",
            "ValidatingAdmissionPolicyBinding/" + FULLNAME + "-volume-status",
            "ValidatingAdmissionPolicy/" + FULLNAME + "-volume-finalizer",
            "ValidatingAdmissionPolicyBinding/" + FULLNAME + "-volume-finalizer");

    static final List<String> OPTIONAL_OBJECTS = List.of(
            "Namespace/" + NAMESPACE,
            "ConfigMap/" + NAMESPACE + "/" + FULLNAME + "-dashboard",
            "RdsPoolConfig/rds-main",
            "PodDisruptionBudget/" + NAMESPACE + "/" + FULLNAME,
            "ServiceMonitor/" + NAMESPACE + "/" + FULLNAME,
            "PrometheusRule/" + NAMESPACE + "/" + FULLNAME,
            "NetworkPolicy/default/" + FULLNAME + "-no-rds");

    @Test
    void lintsCleanWithDefaultsAndWithEveryFeature() throws IOException {
        var defaults = new Helm(Charts.CHART).lint().strict().call();
        assertThat(defaults.isFailed()).as("lint: %s", defaults.getMessages()).isFalse();
        var allFeatures = new Helm(Charts.chartCopyWithValues(Charts.ALL_FEATURES))
                .lint()
                .strict()
                .call();
        assertThat(allFeatures.isFailed())
                .as("lint: %s", allFeatures.getMessages())
                .isFalse();
    }

    @Test
    void defaultsRenderTheOperatorOnly() {
        var docs = Charts.documents(Charts.templateDefaults(RELEASE, NAMESPACE));
        assertThat(Charts.objectIds(docs)).containsExactlyInAnyOrderElementsOf(DEFAULT_OBJECTS);

        JsonNode pod = Charts.find(docs, "Deployment").at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertThat(container.path("image").asText()).isEqualTo("ghcr.io/srvlab/rds-operator:0.1.0");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(container.at("/resources/requests/memory").asText()).isEqualTo("384Mi");
        assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("512Mi");
        JsonNode security = container.path("securityContext");
        assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(security.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(security.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/tmp");
        assertThat(pod.at("/volumes/0/emptyDir").isObject()).isTrue();
        JsonNode podNamespace = envVar(container, "POD_NAMESPACE");
        assertThat(podNamespace.at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.namespace");
        assertThat(envVar(container, "RDS_LEADER_ELECTION_LEASE_NAME")
                        .path("value")
                        .asText())
                .isEqualTo("rds-operator-lease");
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo(FULLNAME);
    }

    @Test
    void onlyTheOperatorMayWriteVolumeStatusWhereTheApiServerOffersAPolicy() {
        JsonNode policy =
                Charts.find(Charts.documents(Charts.templateDefaults(RELEASE, NAMESPACE)), "ValidatingAdmissionPolicy");
        assertThat(policy.at("/spec/matchConstraints/resourceRules/0/resources").toString())
                .isEqualTo("[\"rdsvolumes/status\"]");
        assertThat(policy.at("/spec/validations/0/expression").asText())
                .isEqualTo("request.userInfo.username == 'system:serviceaccount:" + NAMESPACE + ":" + FULLNAME + "'");

        var on129 = Charts.documents(Charts.template(RELEASE, NAMESPACE, t -> t.withKubeVersion("v1.29.0")));
        assertThat(Charts.objectIds(on129))
                .as("Kubernetes 1.29 serves no admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy")
                .noneMatch(id -> id.startsWith("ValidatingAdmissionPolicy"));
        var off = Charts.documents(Charts.template(RELEASE, NAMESPACE, t -> t.set("statusWritePolicy.enabled", false)));
        assertThat(Charts.objectIds(off)).noneMatch(id -> id.startsWith("ValidatingAdmissionPolicy"));
    }

    @Test
    void everyFeatureRendersItsObject() throws IOException {
        var docs = Charts.documents(Charts.templateAllFeatures(RELEASE, NAMESPACE));
        assertThat(Charts.objectIds(docs))
                .containsExactlyInAnyOrderElementsOf(concat(DEFAULT_OBJECTS, OPTIONAL_OBJECTS));

        JsonNode deployment = Charts.find(docs, "Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode pod = deployment.at("/spec/template");
        assertThat(pod.at("/metadata/annotations/example.com~1note").asText()).isEqualTo("all-features");
        assertThat(pod.at("/metadata/labels/team").asText()).isEqualTo("storage");
        assertThat(pod.at("/spec/nodeSelector/kubernetes.io~1os").asText()).isEqualTo("linux");
        assertThat(pod.at("/spec/tolerations/0/key").asText()).isEqualTo("dedicated");
        assertThat(pod.at("/spec/affinity/podAntiAffinity").isObject()).isTrue();
        assertThat(pod.at("/spec/topologySpreadConstraints/0/maxSkew").asInt()).isEqualTo(1);
        assertThat(pod.at("/spec/imagePullSecrets/0/name").asText()).isEqualTo("ghcr-pull");
        assertThat(pod.at("/spec/priorityClassName").asText()).isEqualTo("system-cluster-critical");
        JsonNode container = pod.at("/spec/containers/0");
        assertThat(container.path("image").asText()).isEqualTo("ghcr.io/srvlab/rds-operator:0.1.0-rc1");
        assertThat(container.path("imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(envVar(container, "QUARKUS_LOG_LEVEL").path("value").asText())
                .isEqualTo("DEBUG");
        assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("768Mi");
        assertThat(container.at("/volumeMounts/1/mountPath").asText()).isEqualTo("/etc/pki/corporate");
        assertThat(pod.at("/spec/volumes/1/configMap/name").asText()).isEqualTo("corporate-ca");

        JsonNode monitor = Charts.find(docs, "ServiceMonitor");
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
        assertThat(monitor.at("/spec/endpoints/0/interval").asText()).isEqualTo("15s");
        assertThat(monitor.at("/spec/endpoints/0/relabelings/0/targetLabel").asText())
                .isEqualTo("cluster");
        assertThat(monitor.at("/spec/endpoints/0/metricRelabelings/0/regex").asText())
                .isEqualTo("jvm_buffer_.*");
        assertThat(monitor.at("/spec/selector/matchLabels"))
                .isEqualTo(Charts.find(docs, "Service").at("/spec/selector"));

        JsonNode rules = Charts.find(docs, "PrometheusRule").at("/spec/groups/0/rules");
        assertThat(StreamSupport.stream(rules.spliterator(), false)
                        .map(r -> r.path("alert").asText()))
                .as("every alert but the one switched off")
                .containsExactlyElementsOf(alertNames().stream()
                        .filter(a -> !a.equals("RdsPoolHighAcquireWait"))
                        .toList());

        JsonNode dashboard = Charts.find(docs, "ConfigMap");
        assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(dashboard.at("/data/rds-operator-dashboard.json").asText())
                .isEqualTo(Files.readString(
                                Path.of("monitoring/grafana/rds-operator-dashboard.json"), StandardCharsets.UTF_8)
                        .stripTrailing());

        JsonNode pool = Charts.find(docs, "RdsPoolConfig");
        assertThat(pool.at("/metadata/namespace").isMissingNode())
                .as("cluster-scoped")
                .isTrue();
        assertThat(pool.at("/spec/server/address").asText()).isEqualTo("10.42.68.1");
        assertThat(pool.at("/spec/server/privateKeySecretRef/namespace").asText())
                .as("defaults to the release namespace")
                .isEqualTo(NAMESPACE);
        assertThat(pool.at("/spec/pool/maxSize").asInt()).isEqualTo(4);

        JsonNode namespace = Charts.find(docs, "Namespace");
        assertThat(namespace
                        .at("/metadata/labels/pod-security.kubernetes.io~1enforce")
                        .asText())
                .isEqualTo("restricted");
    }

    @Test
    void defaultRulesAreThePlainRulesFile() throws IOException {
        var docs = Charts.documents(Charts.template(RELEASE, NAMESPACE, t -> t.set("prometheusRule.enabled", "true")));
        assertThat(Charts.find(docs, "PrometheusRule").path("spec")).isEqualTo(Charts.YAML.readTree(RULES.toFile()));
    }

    @Test
    void anExistingServiceAccountCanBeUsed() {
        var docs = Charts.documents(Charts.template(RELEASE, NAMESPACE, t -> t.set("serviceAccount.create", "false")
                .set("serviceAccount.name", "storage-sa")));
        assertThat(Charts.objectIds(docs)).noneMatch(id -> id.startsWith("ServiceAccount/"));
        assertThat(Charts.find(docs, "Deployment")
                        .at("/spec/template/spec/serviceAccountName")
                        .asText())
                .isEqualTo("storage-sa");
        assertThat(Charts.find(docs, "ClusterRoleBinding")
                        .at("/subjects/0/name")
                        .asText())
                .isEqualTo("storage-sa");
        assertThat(Charts.find(docs, "RoleBinding").at("/subjects/0/name").asText())
                .isEqualTo("storage-sa");
        assertThatThrownBy(() -> Charts.template(RELEASE, NAMESPACE, t -> t.set("serviceAccount.create", "false")))
                .hasMessageContaining("serviceAccount.name is required");
        var named = Charts.documents(Charts.template(RELEASE, NAMESPACE, t -> t.set("serviceAccount.name", "rds")));
        assertThat(Charts.objectIds(named)).contains("ServiceAccount/" + NAMESPACE + "/rds");
    }

    @Test
    void imageCanBePinnedByDigest() {
        String digest = "sha256:" + "ab".repeat(32);
        var docs = Charts.documents(Charts.template(RELEASE, NAMESPACE, t -> t.set("image.digest", digest)));
        assertThat(Charts.find(docs, "Deployment")
                        .at("/spec/template/spec/containers/0/image")
                        .asText())
                .isEqualTo("ghcr.io/srvlab/rds-operator@" + digest);
        assertThatThrownBy(() -> Charts.template(RELEASE, NAMESPACE, t -> t.set("image.digest", "latest")))
                .hasMessageContaining("digest");
    }

    @Test
    void aggregatedRolesCanBeLeftOut() {
        var docs = Charts.documents(
                Charts.template(RELEASE, NAMESPACE, t -> t.set("rbac.aggregateToDefaultRoles", "false")));
        assertThat(Charts.objectIds(docs))
                .doesNotContain("ClusterRole/rds-volume-viewer", "ClusterRole/rds-volume-editor");
    }

    /** The chart README has a row for every value in values.yaml, and documents no value that does not exist. */
    @Test
    void readmeDocumentsEveryValue() throws IOException {
        var values = Charts.YAML.readTree(Charts.CHART.resolve("values.yaml").toFile());
        List<String> keys = new java.util.ArrayList<>();
        collectKeys("", values, keys);
        String readme = Files.readString(Charts.CHART.resolve("README.md"), StandardCharsets.UTF_8);
        List<String> documented = readme.lines()
                .filter(line -> line.startsWith("| `"))
                .map(line -> line.substring(3, line.indexOf('`', 3)))
                .toList();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(keys);
    }

    private static void collectKeys(String prefix, JsonNode node, List<String> keys) {
        // maps of the user's own keys (labels, annotations, spec) are one value; so are lists
        if (node.isObject() && node.size() > 0 && !FREE_FORM.contains(prefix)) {
            node.fields()
                    .forEachRemaining(e ->
                            collectKeys(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), keys));
        } else {
            keys.add(prefix);
        }
    }

    private static final List<String> FREE_FORM =
            List.of("resources", "podSecurityContext", "securityContext", "grafanaDashboard.labels", "poolConfig.spec");

    static List<String> alertNames() throws IOException {
        return StreamSupport.stream(
                        Charts.YAML
                                .readTree(RULES.toFile())
                                .at("/groups/0/rules")
                                .spliterator(),
                        false)
                .map(r -> r.path("alert").asText())
                .toList();
    }

    @Test
    void theTenantNetworkPolicyKeepsTenantPodsOffTheRds() throws IOException {
        JsonNode policy =
                Charts.find(Charts.documents(Charts.templateAllFeatures(RELEASE, NAMESPACE)), "NetworkPolicy");
        assertThat(policy.at("/metadata/namespace").asText()).isEqualTo("default");
        assertThat(policy.at("/spec/podSelector").isEmpty()).isTrue();
        assertThat(policy.at("/spec/policyTypes").toString()).isEqualTo("[\"Egress\"]");
        assertThat(policy.at("/spec/egress/0/to/0/ipBlock/except").toString()).isEqualTo("[\"10.42.68.1/32\"]");
        JsonNode example = Charts.YAML.readTree(
                Path.of("examples", "tenant-network-policy.yaml").toFile());
        assertThat(example.get("spec"))
                .as("the kubectl example, same RDS address")
                .isEqualTo(policy.get("spec"));
        assertThatThrownBy(() -> Charts.template(RELEASE, NAMESPACE, t -> t.set("tenantNetworkPolicy.enabled", "true")
                        .set("tenantNetworkPolicy.namespaces[0]", "apps")))
                .hasMessageContaining("rdsCidrs");
        assertThatThrownBy(() -> Charts.template(RELEASE, NAMESPACE, t -> t.set("tenantNetworkPolicy.enabled", "true")
                        .set("tenantNetworkPolicy.namespaces[0]", "apps")
                        .set("tenantNetworkPolicy.rdsCidrs[0]", "rds.example.com")))
                .hasMessageContaining("rdsCidrs");
    }

    @Test
    void schemaRejectsNonsense() {
        assertThatThrownBy(() -> Charts.template(RELEASE, NAMESPACE, t -> t.set("replicaCount", "-1")))
                .hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> Charts.template(RELEASE, NAMESPACE, t -> t.set("image.pullPolicy", "Sometimes")))
                .hasMessageContaining("pullPolicy");
        assertThatThrownBy(() -> Charts.template(RELEASE, NAMESPACE, t -> t.set("replicas", "2")))
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> Charts.template(RELEASE, NAMESPACE, t -> t.set("poolConfig.create", "true")))
                .hasMessageContaining("poolConfig.spec.server.address is required");
        assertThatThrownBy(() -> Charts.template(RELEASE, NAMESPACE, t -> t.set("poolConfig.create", "true")
                        .set("poolConfig.spec.server.address", "10.0.0.1")))
                .hasMessageContaining("hostKey is required");
    }

    @Test
    void apiServerAcceptsTheDefaultRendering() {
        var cluster = ClusterFixtures.cluster();
        ClusterFixtures.restrictedNamespace(cluster, NAMESPACE);
        dryRun(cluster, Charts.templateDefaults(RELEASE, NAMESPACE), DEFAULT_OBJECTS.size());
    }

    @Test
    void apiServerAcceptsEveryFeature() {
        var cluster = ClusterFixtures.cluster();
        ClusterFixtures.restrictedNamespace(cluster, NAMESPACE);
        dryRun(
                cluster,
                Charts.templateAllFeatures(RELEASE, NAMESPACE),
                DEFAULT_OBJECTS.size() + OPTIONAL_OBJECTS.size());
    }

    /** The dry-run really runs Pod Security admission: a weaker securityContext is reported. */
    @Test
    void podSecurityViolationsWouldBeReported() {
        var cluster = ClusterFixtures.cluster();
        ClusterFixtures.restrictedNamespace(cluster, NAMESPACE);
        String weaker =
                Charts.template(RELEASE, NAMESPACE, t -> t.set("securityContext.allowPrivilegeEscalation", "true"));
        var result = cluster.kubectlResult(
                "apply",
                "--server-side",
                "--dry-run=server",
                "--field-manager=helm-test",
                "-f",
                Charts.writeTemp("weaker", weaker).toString());
        assertThat(result.output()).contains("would violate PodSecurity \"restricted");
    }

    @Test
    void aVolumePopulatorNamesRdsSnapshotWhereAskedAndTheApiServerAcceptsIt() {
        assertThat(Charts.objectIds(Charts.documents(Charts.templateDefaults(RELEASE, NAMESPACE))))
                .as("auto: helm template discovers no VolumePopulator kind")
                .noneMatch(id -> id.startsWith("VolumePopulator/"));
        String rendered = Charts.template(RELEASE, NAMESPACE, t -> t.set("volumePopulator.enabled", "true"));
        var docs = Charts.documents(rendered);
        JsonNode populator = Charts.find(docs, "VolumePopulator");
        assertThat(populator.path("apiVersion").asText()).isEqualTo("populator.storage.k8s.io/v1beta1");
        assertThat(populator.at("/metadata/name").asText()).isEqualTo(FULLNAME + "-rdssnapshot");
        assertThat(populator.at("/metadata/namespace").isMissingNode())
                .as("cluster-scoped")
                .isTrue();
        assertThat(populator.at("/sourceKind/group").asText()).isEqualTo("rds.srvlab.io");
        assertThat(populator.at("/sourceKind/kind").asText()).isEqualTo("RdsSnapshot");
        assertThat(Charts.objectIds(Charts.documents(
                        Charts.template(RELEASE, NAMESPACE, t -> t.set("volumePopulator.enabled", "false")))))
                .noneMatch(id -> id.startsWith("VolumePopulator/"));
        assertThatThrownBy(() -> Charts.template(RELEASE, NAMESPACE, t -> t.set("volumePopulator.enabled", "maybe")))
                .hasMessageContaining("volumePopulator");

        var cluster = ClusterFixtures.cluster();
        ClusterFixtures.restrictedNamespace(cluster, NAMESPACE);
        ClusterFixtures.volumePopulatorCrd(cluster);
        dryRun(cluster, rendered, DEFAULT_OBJECTS.size() + 1);
        var plain = cluster.kubectlResult(
                "apply",
                "--server-side",
                "--dry-run=server",
                "--field-manager=helm-test",
                "-f",
                ManifestsTest.VOLUME_POPULATOR_FILE.toString());
        assertThat(plain.exitCode()).as(plain.output()).isZero();
        assertThat(plain.output())
                .contains("volumepopulator.populator.storage.k8s.io/rds-operator-rdssnapshot serverside-applied");
        var malformed = cluster.kubectlResult(
                "apply",
                "--server-side",
                "--dry-run=server",
                "--field-manager=helm-test",
                "-f",
                Charts.writeTemp("malformed-populator", """
                                apiVersion: populator.storage.k8s.io/v1beta1
                                kind: VolumePopulator
                                metadata: {name: malformed}
                                sourceKind: {group: rds.srvlab.io}
                                """).toString());
        assertThat(malformed.exitCode())
                .as("the API server checks the shape: %s", malformed.output())
                .isNotZero();
        assertThat(malformed.output()).contains("sourceKind.kind");
    }

    /** Helm installs crds/ before the templates (helm template leaves them out): dry-run them too. */
    @Test
    void apiServerAcceptsTheChartCrds() {
        var cluster = ClusterFixtures.cluster();
        var result = cluster.kubectlResult(
                "apply",
                "--server-side",
                "--dry-run=server",
                "--field-manager=helm-test",
                "-f",
                Charts.CHART.resolve("crds").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains(
                        "customresourcedefinition.apiextensions.k8s.io/rdsvolumes.rds.srvlab.io serverside-applied (server dry run)")
                .contains(
                        "customresourcedefinition.apiextensions.k8s.io/rdspoolconfigs.rds.srvlab.io serverside-applied (server dry run)");
    }

    /** Server-side apply, dry run: admission, schema (CRDs, CEL) and Pod Security (warn: restricted) all run. */
    private static void dryRun(TestCluster cluster, String rendered, int objects) {
        Path file = Charts.writeTemp("rendered", rendered);
        var result = cluster.kubectlResult(
                "apply", "--server-side", "--dry-run=server", "--field-manager=helm-test", "-f", file.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).as("no warnings (e.g. Pod Security)").doesNotContainIgnoringCase("warning");
        assertThat(result.output().lines().filter(l -> l.endsWith("(server dry run)")))
                .hasSize(objects);
    }

    private static JsonNode envVar(JsonNode container, String name) {
        return StreamSupport.stream(container.path("env").spliterator(), false)
                .filter(e -> e.path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
