package io.srvlab.rds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CrdFilesTest {

    @Test
    void committedCrdsMatchTheJavaModel() throws Exception {
        if (Boolean.getBoolean("crds.update")) {
            CrdGeneration.write();
        }
        var generated = CrdGeneration.generate();
        assertThat(generated)
                .containsOnlyKeys(
                        "rdspoolconfigs.rds.srvlab.io.yaml",
                        "rdssnapshots.rds.srvlab.io.yaml",
                        "rdsvolumes.rds.srvlab.io.yaml");
        try (Stream<java.nio.file.Path> committed = Files.list(CrdGeneration.CRD_DIR)) {
            assertThat(committed.map(p -> p.getFileName().toString()))
                    .as("files in crds/")
                    .containsExactlyInAnyOrderElementsOf(generated.keySet());
        }
        for (var file : generated.entrySet()) {
            assertThat(Files.readString(CrdGeneration.CRD_DIR.resolve(file.getKey()), StandardCharsets.UTF_8))
                    .as("crds/%s is stale: regenerate with -Dcrds.update=true", file.getKey())
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void generatedYamlHasNothingTheApiServerWouldDropOrAdd() throws Exception {
        for (String yaml : CrdGeneration.generate().values()) {
            assertThat(yaml).doesNotContain("priority: 0").doesNotContain("required: []");
            var crd = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                    yaml, io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class);
            assertThat(crd.getSpec().getConversion().getStrategy()).isEqualTo("None");
            var columns = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
            assertThat(columns.get(columns.size() - 1).getName()).isEqualTo("Age");
            assertNoDuplicateRules(
                    crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
        }
    }

    @Test
    void everySpecAndStatusFieldIsDescribedForKubectlExplain() throws Exception {
        for (String yaml : CrdGeneration.generate().values()) {
            var crd = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                    yaml, io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class);
            var root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
            java.util.List<String> undescribed = new java.util.ArrayList<>();
            for (String part : new String[] {"spec", "status"}) {
                collectUndescribed(part, root.getProperties().get(part), undescribed);
            }
            assertThat(undescribed)
                    .as("fields of %s without a description", crd.getMetadata().getName())
                    .isEmpty();
        }
    }

    @Test
    void bothKindsAreInTheRdsCategoryAndProtectedFromPruning() throws Exception {
        for (String yaml : CrdGeneration.generate().values()) {
            var crd = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                    yaml, io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class);
            assertThat(crd.getSpec().getNames().getCategories()).containsExactly("rds");
            assertThat(crd.getMetadata().getAnnotations())
                    .containsEntry("helm.sh/resource-policy", "keep")
                    .containsEntry("argocd.argoproj.io/sync-options", "Prune=false");
            var conditions = crd.getSpec()
                    .getVersions()
                    .get(0)
                    .getSchema()
                    .getOpenAPIV3Schema()
                    .getProperties()
                    .get("status")
                    .getProperties()
                    .get("conditions");
            assertThat(conditions.getXKubernetesListType()).isEqualTo("map");
            assertThat(conditions.getXKubernetesListMapKeys()).containsExactly("type");
            assertThat(conditions.getItems().getSchema().getRequired())
                    .containsExactlyInAnyOrder("type", "status", "reason", "message", "lastTransitionTime");
        }
    }

    @Test
    void volumeTableShowsReadinessAndCapacityAndWideShowsSlotAndNqn() throws Exception {
        var crd = CrdGeneration.load(CrdGeneration.CRD_DIR.resolve("rdsvolumes.rds.srvlab.io.yaml"));
        var columns = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
        assertThat(columns.stream()
                        .filter(c -> c.getPriority() == null)
                        .map(c -> c.getName())
                        .toList())
                .containsExactly("Pool", "Size", "Phase", "Ready", "Reason", "Capacity", "Age");
        assertThat(columns.stream()
                        .filter(c -> c.getPriority() != null && c.getPriority() == 1)
                        .map(c -> c.getName())
                        .toList())
                .containsExactly("Slot", "NQN");
    }

    private static void collectUndescribed(
            String path,
            io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps schema,
            java.util.List<String> undescribed) {
        if (schema.getDescription() == null || schema.getDescription().isBlank()) {
            undescribed.add(path);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, child) -> collectUndescribed(path + "." + name, child, undescribed));
        }
        if (schema.getItems() != null
                && schema.getItems().getSchema() != null
                && schema.getItems().getSchema().getProperties() != null) {
            schema.getItems()
                    .getSchema()
                    .getProperties()
                    .forEach((name, child) -> collectUndescribed(path + "[]." + name, child, undescribed));
        }
    }

    private static void assertNoDuplicateRules(
            io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps schema) {
        if (schema.getXKubernetesValidations() != null) {
            assertThat(schema.getXKubernetesValidations()).doesNotHaveDuplicates();
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(CrdFilesTest::assertNoDuplicateRules);
        }
        if (schema.getItems() != null && schema.getItems().getSchema() != null) {
            assertNoDuplicateRules(schema.getItems().getSchema());
        }
    }
}
