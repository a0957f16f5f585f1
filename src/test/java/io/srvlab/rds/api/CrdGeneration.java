package io.srvlab.rds.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceConversionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Generates the CRD YAML from the Java model, normalised so that a real API server returns it unchanged (no
 * {@code priority: 0}, no empty {@code required}, conversion strategy spelled out). {@code main} rewrites
 * {@code crds/}; {@link CrdFilesTest} fails when the committed files differ.
 */
public final class CrdGeneration {
    public static final Path CRD_DIR = Path.of("crds");
    public static final List<Class<? extends HasMetadata>> RESOURCES =
            List.of(RdsPoolConfig.class, RdsVolume.class, RdsSnapshot.class);

    private CrdGeneration() {}

    /** File name → YAML content, freshly generated. */
    public static Map<String, String> generate() throws IOException {
        Path out = Files.createTempDirectory("crd-gen");
        try {
            new CRDGenerator()
                    .customResourceClasses(RESOURCES)
                    .forCRDVersions("v1")
                    .withParallelGenerationEnabled(false)
                    .withPostProcessor(new Normaliser())
                    .inOutputDir(out.toFile())
                    .detailedGenerate();
            Map<String, String> files = new LinkedHashMap<>();
            try (Stream<Path> generated = Files.list(out).sorted()) {
                for (Path file : generated.toList()) {
                    String name = file.getFileName().toString().replace("-v1.yml", ".yaml");
                    files.put(name, header() + Files.readString(file, StandardCharsets.UTF_8));
                }
            }
            return files;
        } finally {
            try (Stream<Path> leftovers = Files.list(out)) {
                for (Path file : leftovers.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(out);
        }
    }

    private static String header() {
        return "# Generated from the Java model in src/main/java/io/srvlab/rds/api: do not edit.\n"
                + "# Regenerate with: ./mvnw -q test -Dtest=CrdFilesTest -Dcrds.update=true\n";
    }

    static final class Normaliser implements CRDPostProcessor {
        @Override
        public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
            var definition = (CustomResourceDefinition) crd;
            var names = definition.getSpec().getNames();
            names.setListKind(names.getKind() + "List");
            List<String> declaredColumns = declaredColumns(names.getKind());
            definition
                    .getSpec()
                    .setConversion(new CustomResourceConversionBuilder()
                            .withStrategy("None")
                            .build());
            for (var version : definition.getSpec().getVersions()) {
                for (var column : version.getAdditionalPrinterColumns()) {
                    if (column.getPriority() != null && column.getPriority() == 0) {
                        column.setPriority(null);
                    }
                }
                // The generator does not keep the declared order, which is the order kubectl shows.
                version.getAdditionalPrinterColumns()
                        .sort(Comparator.comparing(c -> declaredColumns.indexOf(c.getName())));
                if (version.getSchema() != null) {
                    clean(version.getSchema().getOpenAPIV3Schema());
                    conditionsAsMap(version.getSchema().getOpenAPIV3Schema());
                }
            }
            return definition;
        }

        private static List<String> declaredColumns(String kind) {
            return RESOURCES.stream()
                    .filter(type -> type.getSimpleName().equals(kind))
                    .flatMap(type -> Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class)))
                    .map(AdditionalPrinterColumn::name)
                    .toList();
        }

        /**
         * status.conditions as metav1.Condition lists are declared: a map keyed by type (one entry per type, merged
         * per entry by server-side apply), lastTransitionTime a date-time. The generator has no annotation for either.
         */
        private static void conditionsAsMap(JSONSchemaProps root) {
            JSONSchemaProps conditions =
                    root.getProperties().get("status").getProperties().get("conditions");
            conditions.setXKubernetesListType("map");
            conditions.setXKubernetesListMapKeys(List.of("type"));
            conditions
                    .getItems()
                    .getSchema()
                    .getProperties()
                    .get("lastTransitionTime")
                    .setFormat("date-time");
        }

        private static void clean(JSONSchemaProps schema) {
            if (schema == null) {
                return;
            }
            if (schema.getRequired() != null && schema.getRequired().isEmpty()) {
                schema.setRequired(null);
            }
            // A record component's annotation lands on both its field and its accessor: keep each rule once.
            if (schema.getXKubernetesValidations() != null) {
                schema.setXKubernetesValidations(
                        new ArrayList<>(new LinkedHashSet<>(schema.getXKubernetesValidations())));
            }
            if (schema.getProperties() != null) {
                schema.getProperties().values().forEach(Normaliser::clean);
            }
            if (schema.getItems() != null) {
                clean(schema.getItems().getSchema());
            }
        }
    }

    public static void main(String[] args) throws IOException {
        write();
    }

    static void write() throws IOException {
        Files.createDirectories(CRD_DIR);
        for (var file : generate().entrySet()) {
            Files.writeString(CRD_DIR.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** Parses one generated file back into the model, for tests that apply it. */
    public static CustomResourceDefinition load(Path file) throws IOException {
        return Serialization.unmarshal(Files.readString(file, StandardCharsets.UTF_8), CustomResourceDefinition.class);
    }
}
