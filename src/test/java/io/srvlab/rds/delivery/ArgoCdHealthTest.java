package io.srvlab.rds.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health checks in argocd/resource_customizations, tested in gopher-lua (the Lua VM Argo CD embeds) by
 * the Go harness in hack/argocd-health against each kind's health_test.yaml, and embedded verbatim in the
 * argocd-cm patch. Regenerate the patch after editing a health.lua with
 * {@code ./mvnw -q test -Dtest=ArgoCdHealthTest -Dargocd.update=true}.
 */
class ArgoCdHealthTest {
    static final Path CUSTOMIZATIONS = Path.of("argocd", "resource_customizations", "rds.srvlab.io");
    static final Path CM_PATCH = Path.of("argocd", "argocd-cm-patch.yaml");
    static final List<String> KINDS = List.of("RdsVolume", "RdsPoolConfig", "RdsSnapshot");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void healthChecksPassTheirArgoCdStyleTestsInGopherLua() throws Exception {
        var command = List.of("go", "test", "-count=1", "-v", "./...");
        var builder = new ProcessBuilder(command)
                .directory(Path.of("hack", "argocd-health").toFile())
                .redirectErrorStream(true);
        builder.environment().put("GOTOOLCHAIN", "local");
        builder.environment().put("GOFLAGS", "-mod=readonly");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(
                    "the Argo CD health checks are tested with Go (>= 1.24), which is not on PATH: " + e.getMessage());
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("go test finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        for (String kind : KINDS) {
            long cases = Files.readString(CUSTOMIZATIONS.resolve(kind).resolve("health_test.yaml"))
                    .lines()
                    .filter(line -> line.contains("inputPath:"))
                    .count();
            assertThat(cases).as("cases in %s/health_test.yaml", kind).isGreaterThan(5);
            assertThat(output.lines()
                            .filter(line -> line.contains("--- PASS: TestHealthChecks/rds.srvlab.io/" + kind + "/")))
                    .as("passed cases of %s in:%n%s", kind, output)
                    .hasSize((int) cases);
        }
    }

    @Test
    void argocdCmPatchEmbedsExactlyTheHealthScripts() throws IOException {
        String expected = expectedPatch();
        if (Boolean.getBoolean("argocd.update")) {
            Files.writeString(CM_PATCH, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(CM_PATCH, StandardCharsets.UTF_8))
                .as("%s is stale: regenerate with -Dargocd.update=true", CM_PATCH)
                .isEqualTo(expected);
        var data = YAML.readTree(CM_PATCH.toFile()).get("data");
        for (String kind : KINDS) {
            assertThat(data.get("resource.customizations.health.rds.srvlab.io_" + kind)
                            .asText())
                    .isEqualTo(script(kind));
        }
    }

    static String script(String kind) throws IOException {
        return Files.readString(CUSTOMIZATIONS.resolve(kind).resolve("health.lua"), StandardCharsets.UTF_8);
    }

    private static String expectedPatch() throws IOException {
        var out = new StringBuilder("""
                # Argo CD health checks for the rds-operator custom resources, as an argocd-cm patch. Generated from
                # resource_customizations/rds.srvlab.io/<Kind>/health.lua (ArgoCdHealthTest): do not edit.
                # Apply to an Argo CD installed in namespace argocd:
                #   kubectl -n argocd patch configmap argocd-cm --type merge --patch-file argocd/argocd-cm-patch.yaml
                # With the argo-cd Helm chart, put the same keys under configs.cm instead.
                data:
                """);
        for (String kind : KINDS) {
            out.append("  resource.customizations.health.rds.srvlab.io_")
                    .append(kind)
                    .append(": |\n")
                    .append(script(kind).indent(4));
        }
        return out.toString();
    }
}
