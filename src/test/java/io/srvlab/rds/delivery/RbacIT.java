package io.srvlab.rds.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.srvlab.rds.testing.TestCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Installs manifests/ for real ({@code kubectl apply -f manifests/}, the documented path) and asks the API server's
 * authorizer what the operator's ServiceAccount may do: every permission the operator needs is granted, and
 * nothing else (other namespaces' Secrets, reading Pods beyond a list, CRDs, deleting custom resources, writing claims,
 * RBAC escalation).
 */
class RbacIT {
    static final String SA = "system:serviceaccount:rds-system:rds-operator";
    static final String OPERATOR_NS = "rds-system";
    static final String APP_NS = "apps";

    private static TestCluster cluster;

    @BeforeAll
    static void install() {
        cluster = ClusterFixtures.cluster();
        String out = cluster.kubectl("apply", "-f", "manifests/");
        assertThat(out)
                .contains("namespace/rds-system")
                .contains("serviceaccount/rds-operator")
                .contains("clusterrole.rbac.authorization.k8s.io/rds-operator")
                .contains("clusterrolebinding.rbac.authorization.k8s.io/rds-operator")
                .contains("role.rbac.authorization.k8s.io/rds-operator")
                .contains("rolebinding.rbac.authorization.k8s.io/rds-operator")
                .contains("service/rds-operator-metrics")
                .contains("deployment.apps/rds-operator");
        ClusterFixtures.restrictedNamespace(cluster, APP_NS);
    }

    /** verb, resource (kubectl form, may carry --subresource), namespace ("" = cluster scope / all namespaces). */
    record Check(String verb, String resource, String subresource, String namespace) {
        @Override
        public String toString() {
            return verb + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource) + " in "
                    + (namespace.isEmpty() ? "<cluster>" : namespace);
        }

        List<String> args() {
            List<String> args = new ArrayList<>(List.of("auth", "can-i", verb, resource, "--as=" + SA));
            if (!subresource.isEmpty()) {
                args.add("--subresource=" + subresource);
            }
            args.add(namespace.isEmpty() ? "--all-namespaces" : "--namespace=" + namespace);
            return args;
        }
    }

    static Check check(String verb, String resource, String namespace) {
        return new Check(verb, resource, "", namespace);
    }

    static Check sub(String verb, String resource, String subresource, String namespace) {
        return new Check(verb, resource, subresource, namespace);
    }

    static Stream<Check> granted() {
        List<Check> checks = new ArrayList<>();
        for (String verb : List.of("get", "list", "watch", "patch", "update")) {
            checks.add(check(verb, "rdspoolconfigs.rds.srvlab.io", ""));
            checks.add(check(verb, "rdsvolumes.rds.srvlab.io", ""));
            checks.add(check(verb, "rdsvolumes.rds.srvlab.io", APP_NS));
        }
        for (String verb : List.of("get", "patch", "update")) {
            checks.add(sub(verb, "rdspoolconfigs.rds.srvlab.io", "status", ""));
            checks.add(sub(verb, "rdsvolumes.rds.srvlab.io", "status", APP_NS));
            checks.add(sub(verb, "rdsvolumes.rds.srvlab.io", "status", ""));
        }
        checks.add(sub("update", "rdspoolconfigs.rds.srvlab.io", "finalizers", ""));
        checks.add(sub("update", "rdsvolumes.rds.srvlab.io", "finalizers", APP_NS));
        // RdsSnapshots: watched everywhere, status and finalizers written, never created or deleted
        for (String verb : List.of("get", "list", "watch", "patch", "update")) {
            checks.add(check(verb, "rdssnapshots.rds.srvlab.io", APP_NS));
        }
        checks.add(sub("patch", "rdssnapshots.rds.srvlab.io", "status", APP_NS));
        checks.add(sub("update", "rdssnapshots.rds.srvlab.io", "finalizers", APP_NS));
        for (String verb : List.of("create", "patch")) {
            checks.add(check(verb, "events", APP_NS));
            checks.add(check(verb, "events", ""));
            checks.add(check(verb, "events.events.k8s.io", APP_NS));
            checks.add(check(verb, "events.events.k8s.io", OPERATOR_NS));
        }
        for (String verb : List.of("get", "list", "watch")) {
            checks.add(check(verb, "secrets", OPERATOR_NS));
        }
        // PersistentVolumes of RdsVolumes, claims of its StorageClasses, a volume per claim, Pods read before a removal
        for (String verb : List.of("get", "list", "watch", "create", "patch", "delete")) {
            checks.add(check(verb, "persistentvolumes", ""));
        }
        for (String verb : List.of("get", "list", "watch")) {
            checks.add(check(verb, "persistentvolumeclaims", APP_NS));
        }
        for (String verb : List.of("update", "patch")) {
            checks.add(sub(verb, "persistentvolumeclaims", "status", APP_NS));
        }
        checks.add(check("create", "rdsvolumes.rds.srvlab.io", APP_NS));
        checks.add(check("get", "storageclasses.storage.k8s.io", ""));
        checks.add(check("list", "pods", APP_NS));
        // its own CRDs, read by name to refuse serving against older ones
        checks.add(check("get", "customresourcedefinitions.apiextensions.k8s.io/rdsvolumes.rds.srvlab.io", ""));
        checks.add(check("get", "customresourcedefinitions.apiextensions.k8s.io/rdspoolconfigs.rds.srvlab.io", ""));
        checks.add(check("get", "customresourcedefinitions.apiextensions.k8s.io/rdssnapshots.rds.srvlab.io", ""));
        // the leader lease and the slot claims
        for (String verb : List.of("get", "create", "update", "patch", "delete")) {
            checks.add(check(verb, "leases.coordination.k8s.io", OPERATOR_NS));
        }
        return checks.stream();
    }

    static Stream<Check> denied() {
        List<Check> checks = new ArrayList<>();
        // Secrets anywhere but rds-system, and any write to Secrets
        for (String verb : List.of("get", "list", "watch")) {
            checks.add(check(verb, "secrets", APP_NS));
            checks.add(check(verb, "secrets", "default"));
            checks.add(check(verb, "secrets", "kube-system"));
            checks.add(check(verb, "secrets", ""));
        }
        for (String verb : List.of("create", "update", "patch", "delete")) {
            checks.add(check(verb, "secrets", OPERATOR_NS));
        }
        // the operator never creates or deletes its custom resources, nor writes spec through a subresource it lacks
        for (String verb : List.of("create", "delete", "deletecollection")) {
            checks.add(check(verb, "rdspoolconfigs.rds.srvlab.io", ""));
        }
        // RdsVolumes are created for claims (owned by them; the garbage collector deletes them), never deleted
        for (String verb : List.of("delete", "deletecollection")) {
            checks.add(check(verb, "rdsvolumes.rds.srvlab.io", APP_NS));
        }
        for (String verb : List.of("create", "delete", "deletecollection")) {
            checks.add(check(verb, "rdssnapshots.rds.srvlab.io", APP_NS));
        }
        // claims are the user's: never created, changed or deleted (only their status after an expansion)
        for (String verb : List.of("create", "update", "patch", "delete")) {
            checks.add(check(verb, "persistentvolumeclaims", APP_NS));
        }
        checks.add(check("update", "persistentvolumes", ""));
        checks.add(check("deletecollection", "persistentvolumes", ""));
        for (String verb : List.of("list", "watch", "create", "update", "delete")) {
            checks.add(check(verb, "storageclasses.storage.k8s.io", ""));
        }
        checks.add(sub("delete", "rdsvolumes.rds.srvlab.io", "status", APP_NS));
        // CRDs, workloads, config, RBAC, nodes, impersonation
        for (String verb : List.of("get", "list", "create", "update", "patch", "delete")) {
            checks.add(check(verb, "customresourcedefinitions.apiextensions.k8s.io", ""));
        }
        checks.add(check("get", "customresourcedefinitions.apiextensions.k8s.io/certificates.cert-manager.io", ""));
        checks.add(check("update", "customresourcedefinitions.apiextensions.k8s.io/rdsvolumes.rds.srvlab.io", ""));
        for (String verb : List.of("get", "watch", "create", "delete")) {
            checks.add(check(verb, "pods", APP_NS));
            checks.add(check(verb, "pods", OPERATOR_NS));
        }
        for (String verb : List.of("get", "list", "create", "delete")) {
            checks.add(check(verb, "deployments.apps", OPERATOR_NS));
            checks.add(check(verb, "configmaps", OPERATOR_NS));
            checks.add(check(verb, "nodes", ""));
        }
        checks.add(check("create", "pods/exec", OPERATOR_NS));
        checks.add(check("create", "serviceaccounts/token", OPERATOR_NS));
        checks.add(check("create", "clusterrolebindings.rbac.authorization.k8s.io", ""));
        checks.add(check("update", "roles.rbac.authorization.k8s.io", OPERATOR_NS));
        checks.add(check("escalate", "clusterroles.rbac.authorization.k8s.io", ""));
        checks.add(check("impersonate", "users", ""));
        checks.add(check("impersonate", "serviceaccounts", OPERATOR_NS));
        // events: no reading or deleting other people's events
        checks.add(check("delete", "events", APP_NS));
        checks.add(check("list", "events", APP_NS));
        // leases: only in rds-system, one at a time by name
        checks.add(check("get", "leases.coordination.k8s.io", APP_NS));
        checks.add(check("create", "leases.coordination.k8s.io", "kube-system"));
        checks.add(check("deletecollection", "leases.coordination.k8s.io", OPERATOR_NS));
        checks.add(check("list", "leases.coordination.k8s.io", OPERATOR_NS));
        return checks.stream();
    }

    @ParameterizedTest(name = "granted: {0}")
    @MethodSource("granted")
    void grantsWhatTheOperatorNeeds(Check check) {
        var result = cluster.kubectlResult(check.args().toArray(String[]::new));
        assertThat(result.output().strip())
                .as("%s -> %s", check, result.output())
                .isEqualTo("yes");
        assertThat(result.exitCode()).isZero();
    }

    @ParameterizedTest(name = "denied: {0}")
    @MethodSource("denied")
    void deniesEverythingElse(Check check) {
        var result = cluster.kubectlResult(check.args().toArray(String[]::new));
        assertThat(result.output().strip())
                .as("%s -> %s", check, result.output())
                .startsWith("no");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    /**
     * The complete list of what the ServiceAccount may do on resources, as the authorizer reports it: our rules plus
     * the self-review APIs every authenticated identity has (system:basic-user). Nothing more.
     */
    @Test
    void theFullRuleListIsExactlyOurs() {
        assertThat(resourceRules(OPERATOR_NS))
                .containsExactlyInAnyOrder(
                        "customresourcedefinitions.apiextensions.k8s.io [] [rdspoolconfigs.rds.srvlab.io] [get]",
                        "customresourcedefinitions.apiextensions.k8s.io [] [rdsvolumes.rds.srvlab.io] [get]",
                        "customresourcedefinitions.apiextensions.k8s.io [] [rdssnapshots.rds.srvlab.io] [get]",
                        "events [] [] [create patch]",
                        "events.events.k8s.io [] [] [create patch]",
                        "leases.coordination.k8s.io [] [] [get create update patch delete]",
                        "persistentvolumeclaims [] [] [get list watch]",
                        "persistentvolumeclaims/status [] [] [update patch]",
                        "persistentvolumes [] [] [get list watch create patch delete]",
                        "pods [] [] [list]",
                        "storageclasses.storage.k8s.io [] [] [get]",
                        "rdspoolconfigs.rds.srvlab.io [] [] [get list watch patch update]",
                        "rdspoolconfigs.rds.srvlab.io/finalizers [] [] [update]",
                        "rdspoolconfigs.rds.srvlab.io/status [] [] [get patch update]",
                        "rdsvolumes.rds.srvlab.io [] [] [get list watch patch update create]",
                        "rdsvolumes.rds.srvlab.io/finalizers [] [] [update]",
                        "rdsvolumes.rds.srvlab.io/status [] [] [get patch update]",
                        "rdssnapshots.rds.srvlab.io [] [] [get list watch patch update]",
                        "rdssnapshots.rds.srvlab.io/finalizers [] [] [update]",
                        "rdssnapshots.rds.srvlab.io/status [] [] [get patch update]",
                        "secrets [] [] [get list watch]",
                        "selfsubjectreviews.authentication.k8s.io [] [] [create]",
                        "selfsubjectaccessreviews.authorization.k8s.io [] [] [create]",
                        "selfsubjectrulesreviews.authorization.k8s.io [] [] [create]");
        assertThat(resourceRules(APP_NS))
                .containsExactlyInAnyOrder(
                        "customresourcedefinitions.apiextensions.k8s.io [] [rdspoolconfigs.rds.srvlab.io] [get]",
                        "customresourcedefinitions.apiextensions.k8s.io [] [rdsvolumes.rds.srvlab.io] [get]",
                        "customresourcedefinitions.apiextensions.k8s.io [] [rdssnapshots.rds.srvlab.io] [get]",
                        "events [] [] [create patch]",
                        "events.events.k8s.io [] [] [create patch]",
                        "persistentvolumeclaims [] [] [get list watch]",
                        "persistentvolumeclaims/status [] [] [update patch]",
                        "persistentvolumes [] [] [get list watch create patch delete]",
                        "pods [] [] [list]",
                        "storageclasses.storage.k8s.io [] [] [get]",
                        "rdspoolconfigs.rds.srvlab.io [] [] [get list watch patch update]",
                        "rdspoolconfigs.rds.srvlab.io/finalizers [] [] [update]",
                        "rdspoolconfigs.rds.srvlab.io/status [] [] [get patch update]",
                        "rdsvolumes.rds.srvlab.io [] [] [get list watch patch update create]",
                        "rdsvolumes.rds.srvlab.io/finalizers [] [] [update]",
                        "rdsvolumes.rds.srvlab.io/status [] [] [get patch update]",
                        "rdssnapshots.rds.srvlab.io [] [] [get list watch patch update]",
                        "rdssnapshots.rds.srvlab.io/finalizers [] [] [update]",
                        "rdssnapshots.rds.srvlab.io/status [] [] [get patch update]",
                        "selfsubjectreviews.authentication.k8s.io [] [] [create]",
                        "selfsubjectaccessreviews.authorization.k8s.io [] [] [create]",
                        "selfsubjectrulesreviews.authorization.k8s.io [] [] [create]");
    }

    /**
     * Namespace users get RdsVolumes through the built-in roles: the viewer and editor ClusterRoles carry the
     * aggregation labels of view and edit (kube-controller-manager merges them in; this API server runs without it, so
     * the roles are bound directly here), and grant reading, or reading and writing, and nothing more.
     */
    @Test
    void namespaceUsersGetRdsVolumesThroughTheAggregatedRoles() {
        var viewer = cluster.client()
                .rbac()
                .clusterRoles()
                .withName("rds-volume-viewer")
                .get();
        var editor = cluster.client()
                .rbac()
                .clusterRoles()
                .withName("rds-volume-editor")
                .get();
        assertThat(viewer.getMetadata().getLabels())
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
        assertThat(editor.getMetadata().getLabels())
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true");
        for (String role : List.of("rds-volume-viewer", "rds-volume-editor")) {
            cluster.client()
                    .rbac()
                    .roleBindings()
                    .inNamespace(APP_NS)
                    .resource(new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
                            .withNewMetadata()
                            .withName(role + "-test")
                            .withNamespace(APP_NS)
                            .endMetadata()
                            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
                            .addNewSubject()
                            .withKind("User")
                            .withApiGroup("rbac.authorization.k8s.io")
                            .withName(role + "-user")
                            .endSubject()
                            .build())
                    .createOr(existing -> existing.update());
        }
        assertThat(canI("list", "rds-volume-viewer-user", APP_NS)).isTrue();
        assertThat(canI("create", "rds-volume-viewer-user", APP_NS)).isFalse();
        for (String verb : List.of("get", "list", "watch", "create", "update", "patch", "delete")) {
            assertThat(canI(verb, "rds-volume-editor-user", APP_NS)).as(verb).isTrue();
        }
        assertThat(canI("list", "rds-volume-editor-user", "default"))
                .as("only where bound")
                .isFalse();
        assertThat(cluster.kubectlResult(
                                "auth", "can-i", "list", "rdspoolconfigs.rds.srvlab.io", "--as=rds-volume-editor-user")
                        .output()
                        .lines()
                        .reduce((first, last) -> last)
                        .orElseThrow())
                .as("pool configs stay the cluster admin's")
                .isEqualTo("no");
    }

    private static boolean canI(String verb, String user, String namespace) {
        var result = cluster.kubectlResult(
                "auth", "can-i", verb, "rdsvolumes.rds.srvlab.io", "--as=" + user, "--namespace=" + namespace);
        return result.output().strip().equals("yes");
    }

    /** Rows of {@code kubectl auth can-i --list} for resources (not non-resource URLs), whitespace-normalised. */
    private static List<String> resourceRules(String namespace) {
        String out = cluster.kubectl("auth", "can-i", "--list", "--as=" + SA, "--namespace=" + namespace);
        return out.lines()
                .skip(1) // header: Resources  Non-Resource URLs  Resource Names  Verbs
                .map(l -> l.strip().replaceAll("\\s+", " "))
                .filter(l -> !l.startsWith("[/") && !l.startsWith("[]")) // non-resource URL rows start with "[]"
                .toList();
    }
}
