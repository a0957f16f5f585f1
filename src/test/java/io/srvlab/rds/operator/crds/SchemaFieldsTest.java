package io.srvlab.rds.operator.crds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SchemaFieldsTest {

    @Test
    void everyCrdOfTheReleaseIsCheckedAgainstTheCluster() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("crds"))) {
            assertThat(files.map(f -> f.getFileName().toString().replaceFirst("\\.yaml$", "")))
                    .containsExactlyInAnyOrderElementsOf(CrdCompatibility.CRDS);
        }
    }

    @Test
    void aFieldTheInstalledSchemaLacksIsNamedWithItsPath() throws IOException {
        JSONSchemaProps ours = schema("crds/rdspoolconfigs.rds.srvlab.io.yaml");
        JSONSchemaProps older = schema("crds/rdspoolconfigs.rds.srvlab.io.yaml");
        older.getProperties()
                .get("spec")
                .getProperties()
                .get("tenancy")
                .getProperties()
                .remove("namespaces");

        assertThat(SchemaFields.missing(ours, ours)).isEmpty();
        assertThat(SchemaFields.missing(ours, older)).containsExactly("spec.tenancy.namespaces");
        assertThat(SchemaFields.missing(older, ours))
                .as("a newer installed CRD is fine")
                .isEmpty();
        assertThat(SchemaFields.of(ours)).contains("status.conditions[].reason", "spec.server.address");
    }

    private static JSONSchemaProps schema(String file) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
            return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
        }
    }
}
