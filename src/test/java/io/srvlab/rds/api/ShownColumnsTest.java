package io.srvlab.rds.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code kubectl get} table of our kinds shown in README.md and docs/ has the columns the CRDs print today, in
 * their order: the default columns, or all of them for {@code -o wide}. A shown table is recognised by its header
 * ({@code NAME … ADDRESS … CIRCUIT} for pool configs, {@code NAME … POOL … SIZE} for volumes; {@code NAMESPACE} and
 * {@code NAME} themselves are kubectl's).
 */
class ShownColumnsTest {

    record Shown(Path file, int line, List<String> columns) {}

    @Test
    void everyShownTableHasTheColumnsOfTheCrds() throws IOException {
        List<Shown> shown = shownTables();
        assertThat(shown).as("tables of our kinds in README.md and docs/").hasSizeGreaterThanOrEqualTo(3);
        for (Shown table : shown) {
            String kind = table.columns().contains("CIRCUIT") ? "rdspoolconfigs" : "rdsvolumes";
            var columns = printerColumns(kind);
            List<String> plain = names(columns.stream()
                    .filter(c -> c.getPriority() == null || c.getPriority() == 0)
                    .toList());
            List<String> wide = names(columns);
            assertThat(table.columns())
                    .as(
                            "%s:%d shows %s; `kubectl get %s` prints %s, with -o wide %s (regenerate the output)",
                            table.file(), table.line(), table.columns(), kind, plain, wide)
                    .satisfiesAnyOf(c -> assertThat(c).isEqualTo(plain), c -> assertThat(c)
                            .isEqualTo(wide));
        }
    }

    private static List<Shown> shownTables() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Shown> shown = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                List<String> words = Arrays.asList(lines.get(i).trim().split("\\s+"));
                boolean header = words.get(0).equals("NAME") || words.get(0).equals("NAMESPACE");
                boolean ours = (words.contains("ADDRESS") && words.contains("CIRCUIT"))
                        || (words.contains("POOL") && words.contains("SIZE"));
                if (header && ours) {
                    List<String> columns = words.stream()
                            .filter(w -> !w.equals("NAMESPACE") && !w.equals("NAME"))
                            .toList();
                    shown.add(new Shown(file, i + 1, columns));
                }
            }
        }
        return shown;
    }

    private static List<CustomResourceColumnDefinition> printerColumns(String plural) throws IOException {
        CustomResourceDefinition crd =
                CrdGeneration.load(CrdGeneration.CRD_DIR.resolve(plural + ".rds.srvlab.io.yaml"));
        return crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    }

    private static List<String> names(List<CustomResourceColumnDefinition> columns) {
        return columns.stream().map(c -> c.getName().toUpperCase(Locale.ROOT)).toList();
    }
}
