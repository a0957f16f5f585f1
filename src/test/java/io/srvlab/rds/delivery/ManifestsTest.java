package io.srvlab.rds.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One source of truth: manifests/ (the plain {@code kubectl apply -f manifests/} install) is the Helm chart rendered
 * with its defaults plus the Namespace, and the chart's crds/ are the repository's crds/. Regenerate both (e.g. after
 * a CRD change) with
 * {@code ./mvnw -q test -Dtest=ManifestsTest -Dmanifests.update=true}.
 */
class ManifestsTest {
    static final Path MANIFESTS = Path.of("manifests");
    static final Path CRDS_FILE = MANIFESTS.resolve("00-crds.yaml");
    static final Path OPERATOR_FILE = MANIFESTS.resolve("10-rds-operator.yaml");
    /**
     * The chart's ValidatingAdmissionPolicy on RdsVolume status writes, in a file of its own: API servers before 1.30
     * do not serve its kind, and their users leave the file out.
     */
    static final Path STATUS_POLICY_FILE = MANIFESTS.resolve("20-status-write-policy.yaml");

    static final String STATUS_POLICY_SOURCE = "# Source: rds-operator/templates/status-write-policy.yaml";
    /**
     * The chart's VolumePopulator, in a directory {@code kubectl apply -f manifests/} does not enter: its kind exists
     * only where the volume-data-source-validator's CRD is installed.
     */
    static final Path VOLUME_POPULATOR_FILE = MANIFESTS.resolve("optional").resolve("volume-populator.yaml");

    static final String VOLUME_POPULATOR_SOURCE = "# Source: rds-operator/templates/volume-populator.yaml";
    static final String UPDATE_HINT = "regenerate with ./mvnw -q test -Dtest=ManifestsTest -Dmanifests.update=true";

    static String expectedOperator() {
        return """
                # Generated from helm/rds-operator with its default values (release rds-operator, namespace rds-system,
                # namespace.create=true): do not edit. %s
                """.formatted(UPDATE_HINT) + renderedDocuments(false);
    }

    static String expectedStatusPolicy() {
        return """
                # Generated from helm/rds-operator (templates/status-write-policy.yaml): do not edit. %s
                # Needs Kubernetes 1.30 or later (admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy); leave this
                # file out on 1.29. With another namespace or ServiceAccount name, change the user name in the expression.
                """.formatted(UPDATE_HINT) + renderedDocuments(true);
    }

    static String expectedVolumePopulator() {
        String rendered = Charts.template(Charts.MANIFESTS_RELEASE, Charts.MANIFESTS_NAMESPACE, t -> t.skipCrds()
                .set("volumePopulator.enabled", "true"));
        StringBuilder out = new StringBuilder("""
                # Generated from helm/rds-operator (templates/volume-populator.yaml): do not edit. %s
                # Needs the VolumePopulator CRD of the volume-data-source-validator (optional, docs/snapshots.md):
                # kubectl apply -f manifests/optional/ once that CRD is installed.
                """.formatted(UPDATE_HINT));
        for (String document : rendered.split("(?m)^(?=---\n)")) {
            if (document.contains(VOLUME_POPULATOR_SOURCE + "\n")) {
                out.append(document);
            }
        }
        return out.toString();
    }

    /** The rendered chart's documents that are (or, with false, are not) the status write policy's. */
    private static String renderedDocuments(boolean statusPolicy) {
        StringBuilder out = new StringBuilder();
        for (String document : Charts.manifests().split("(?m)^(?=---\n)")) {
            if (!document.isBlank() && document.contains(STATUS_POLICY_SOURCE + "\n") == statusPolicy) {
                out.append(document);
            }
        }
        return out.toString();
    }

    static String expectedCrds() throws IOException {
        var out = new StringBuilder(
                "# Copy of crds/ (generated from the Java model): do not edit. " + UPDATE_HINT + "\n");
        try (Stream<Path> files = Files.list(Path.of("crds"))) {
            for (Path crd : files.sorted().toList()) {
                out.append("---\n").append(Files.readString(crd, StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }

    @Test
    void manifestsAreTheRenderedChart() throws IOException {
        String operator = expectedOperator();
        String statusPolicy = expectedStatusPolicy();
        String crds = expectedCrds();
        String volumePopulator = expectedVolumePopulator();
        if (Boolean.getBoolean("manifests.update")) {
            Files.createDirectories(VOLUME_POPULATOR_FILE.getParent());
            Files.writeString(VOLUME_POPULATOR_FILE, volumePopulator, StandardCharsets.UTF_8);
            Files.writeString(OPERATOR_FILE, operator, StandardCharsets.UTF_8);
            Files.writeString(STATUS_POLICY_FILE, statusPolicy, StandardCharsets.UTF_8);
            Files.writeString(CRDS_FILE, crds, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(STATUS_POLICY_FILE, StandardCharsets.UTF_8))
                .as("%s is stale: %s", STATUS_POLICY_FILE, UPDATE_HINT)
                .isEqualTo(statusPolicy)
                .contains("kind: ValidatingAdmissionPolicy\n", "kind: ValidatingAdmissionPolicyBinding\n");
        assertThat(Files.readString(VOLUME_POPULATOR_FILE, StandardCharsets.UTF_8))
                .as("%s is stale: %s", VOLUME_POPULATOR_FILE, UPDATE_HINT)
                .isEqualTo(volumePopulator)
                .contains("kind: VolumePopulator\n");
        assertThat(Files.readString(OPERATOR_FILE, StandardCharsets.UTF_8))
                .as("%s is stale: %s", OPERATOR_FILE, UPDATE_HINT)
                .isEqualTo(operator);
        assertThat(Files.readString(CRDS_FILE, StandardCharsets.UTF_8))
                .as("%s is stale: %s", CRDS_FILE, UPDATE_HINT)
                .isEqualTo(crds);
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .as("kubectl applies the directory in file-name order: CRDs first (kustomize: KustomizationIT)")
                    .containsExactly(
                            "00-crds.yaml",
                            "10-rds-operator.yaml",
                            "20-status-write-policy.yaml",
                            "Kustomization",
                            "optional");
        }
    }

    @Test
    void chartCrdsAreCopiesOfTheRepositoryCrds() throws IOException {
        Path chartCrds = Charts.CHART.resolve("crds");
        if (Boolean.getBoolean("manifests.update")) {
            try (Stream<Path> stale = Files.list(chartCrds)) {
                for (Path file : stale.toList()) {
                    Files.delete(file);
                }
            }
            try (Stream<Path> repo = Files.list(Path.of("crds"))) {
                for (Path crd : repo.toList()) {
                    Files.copy(crd, chartCrds.resolve(crd.getFileName()));
                }
            }
        }
        try (Stream<Path> repo = Files.list(Path.of("crds"));
                Stream<Path> chart = Files.list(chartCrds)) {
            assertThat(chart.map(p -> p.getFileName().toString()).sorted().toList())
                    .isEqualTo(
                            repo.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> repo = Files.list(Path.of("crds"))) {
            for (Path crd : repo.toList()) {
                assertThat(Files.readString(chartCrds.resolve(crd.getFileName()), StandardCharsets.UTF_8))
                        .as("helm/rds-operator/crds/%s differs from crds/: %s", crd.getFileName(), UPDATE_HINT)
                        .isEqualTo(Files.readString(crd, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void monitoringFilesInTheChartAreCopies() throws IOException {
        assertThat(Charts.CHART.resolve("files/prometheus-rules.yaml"))
                .hasSameTextualContentAs(Path.of("monitoring/prometheus/rds-operator-rules.yaml"));
        assertThat(Charts.CHART.resolve("files/rds-operator-dashboard.json"))
                .hasSameTextualContentAs(Path.of("monitoring/grafana/rds-operator-dashboard.json"));
    }
}
