package io.srvlab.rds.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * manifests/Kustomization, built by the real kubectl (its embedded kustomize): unchanged it is the plain
 * manifests; an overlay moves everything to another namespace and image, and the API server accepts the result.
 */
class KustomizationIT {
    static final String NAMESPACE = "rds-kustomized";

    @Test
    void theKustomizationIsThePlainManifests() throws IOException {
        var cluster = ClusterFixtures.cluster();
        var built = Charts.documents(cluster.kubectl("kustomize", "manifests"));
        // kubectl's kustomize does not know that these kinds are cluster-scoped and gives them the namespace; the API
        // server drops the namespace of a cluster-scoped object (anOverlayChangesNamespaceAndImageEverywhere applies
        // it)
        for (JsonNode doc : built) {
            if (doc.path("kind").asText().startsWith("ValidatingAdmissionPolicy")) {
                ((ObjectNode) doc.path("metadata")).remove("namespace");
            }
        }
        var plain = Charts.documents(Files.readString(ManifestsTest.CRDS_FILE, StandardCharsets.UTF_8) + "\n---\n"
                + Files.readString(ManifestsTest.OPERATOR_FILE, StandardCharsets.UTF_8) + "\n---\n"
                + Files.readString(ManifestsTest.STATUS_POLICY_FILE, StandardCharsets.UTF_8));
        // kustomize writes whole-numbered floats of the CRD schemas (e.g. minimum: 1.0) as integers
        assertThat(built)
                .usingElementComparator((x, y) -> x.equals(KustomizationIT::sameValue, y) ? 0 : 1)
                .containsExactlyInAnyOrderElementsOf(plain);
    }

    private static int sameValue(JsonNode x, JsonNode y) {
        if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return x.equals(y) ? 0 : 1;
    }

    @Test
    void anOverlayChangesNamespaceAndImageEverywhere() throws IOException {
        var cluster = ClusterFixtures.cluster();
        Path overlay = Files.createDirectories(Path.of("target", "kustomize-overlay"));
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: %s
                resources: [../../manifests]
                images:
                  - {name: ghcr.io/srvlab/rds-operator, newName: registry.example.com/storage/rds-operator, newTag: 9.9.9}
                """.formatted(NAMESPACE));
        String rendered = cluster.kubectl("kustomize", overlay.toString());
        var docs = Charts.documents(rendered);

        assertThat(Charts.objectIds(docs))
                .contains("Namespace/" + NAMESPACE)
                .noneMatch(id -> id.contains("rds-system"));
        for (JsonNode doc : docs) {
            String kind = doc.path("kind").asText();
            if (kind.endsWith("Binding")) {
                for (JsonNode subject : doc.path("subjects")) {
                    assertThat(subject.path("namespace").asText())
                            .as("%s subject", kind)
                            .isEqualTo(NAMESPACE);
                }
            }
        }
        JsonNode container = Charts.find(docs, "Deployment").at("/spec/template/spec/containers/0");
        assertThat(container.path("image").asText()).isEqualTo("registry.example.com/storage/rds-operator:9.9.9");
        assertThat(StreamSupport.stream(container.path("env").spliterator(), false)
                        .filter(e -> e.path("name").asText().equals("POD_NAMESPACE"))
                        .findFirst()
                        .orElseThrow()
                        .at("/valueFrom/fieldRef/fieldPath")
                        .asText())
                .as("the operator finds its namespace (and its key Secrets) from its pod")
                .isEqualTo("metadata.namespace");

        ClusterFixtures.restrictedNamespace(cluster, NAMESPACE);
        var result = cluster.kubectlResult(
                "apply",
                "--server-side",
                "--dry-run=server",
                "--field-manager=kustomize-test",
                "-f",
                Charts.writeTemp("kustomized", rendered).toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().lines().filter(l -> l.endsWith("(server dry run)")))
                .hasSize(docs.size());
    }
}
