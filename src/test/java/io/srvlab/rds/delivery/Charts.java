package io.srvlab.rds.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.srvlab.rds.testing.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Renders the Helm chart with helm-java (Helm's own Go code, in-process) and parses the output. */
final class Charts {
    static final Path CHART = Path.of("helm", "rds-operator");
    static final Path ALL_FEATURES = Path.of("src", "test", "resources", "delivery", "all-features-values.yaml");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The install manifests/ are this chart rendered with these settings (see ManifestsTest). */
    static final String MANIFESTS_RELEASE = "rds-operator";

    static final String MANIFESTS_NAMESPACE = "rds-system";

    private Charts() {}

    static String template(String release, String namespace, UnaryOperator<TemplateCommand> options) {
        return options.apply(new Helm(CHART)
                        .template()
                        .withName(release)
                        .withNamespace(namespace)
                        .withKubeVersion("v" + TestCluster.VERSION))
                .call();
    }

    static String templateDefaults(String release, String namespace) {
        return template(release, namespace, t -> t);
    }

    static String templateAllFeatures(String release, String namespace) {
        return template(release, namespace, t -> t.withValuesFile(ALL_FEATURES));
    }

    static String manifests() {
        return template(
                MANIFESTS_RELEASE, MANIFESTS_NAMESPACE, t -> t.skipCrds().set("namespace.create", "true"));
    }

    /** Parses a multi-document YAML stream, dropping empty documents. */
    static List<JsonNode> documents(String yaml) {
        try (var parser = YAML.getFactory().createParser(yaml)) {
            List<JsonNode> docs = new ArrayList<>();
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "Kind/name" (namespaced objects: "Kind/namespace/name") of every rendered object, in render order. */
    static List<String> objectIds(List<JsonNode> docs) {
        return docs.stream()
                .map(d -> {
                    var meta = d.path("metadata");
                    String ns = meta.path("namespace").asText("");
                    return d.path("kind").asText() + "/" + (ns.isEmpty() ? "" : ns + "/")
                            + meta.path("name").asText();
                })
                .toList();
    }

    static JsonNode find(List<JsonNode> docs, String kind) {
        return docs.stream()
                .filter(d -> d.path("kind").asText().equals(kind))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " rendered"));
    }

    static Path writeTemp(String prefix, String content) {
        try {
            Path file = Files.createTempFile(prefix, ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the chart to a temporary directory, replacing values.yaml by the defaults merged with overrides. */
    @SuppressWarnings("unchecked")
    static Path chartCopyWithValues(Path overridesFile) throws IOException {
        Path dir = Files.createTempDirectory("rds-chart");
        Path copy = dir.resolve("rds-operator");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = copy.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Map<String, Object> defaults =
                YAML.readValue(CHART.resolve("values.yaml").toFile(), Map.class);
        Map<String, Object> overrides = YAML.readValue(overridesFile.toFile(), Map.class);
        YAML.writeValue(copy.resolve("values.yaml").toFile(), merge(defaults, overrides));
        return copy;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> result = new LinkedHashMap<>(base);
        overrides.forEach((key, value) -> {
            if (value instanceof Map<?, ?> m && result.get(key) instanceof Map<?, ?> b) {
                result.put(key, merge((Map<String, Object>) b, (Map<String, Object>) m));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }
}
