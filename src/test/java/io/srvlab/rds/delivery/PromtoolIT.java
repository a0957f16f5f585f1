package io.srvlab.rds.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** promtool syntax check and rule unit tests (promtool is installed before the tests by hack/provision.sh). */
class PromtoolIT {
    static final Path PROMTOOL = Path.of(System.getProperty("rds.test.promtool", "/usr/bin/promtool"));

    static String promtool(File dir, String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(PROMTOOL)) {
            throw new IllegalStateException("promtool is not installed (" + PROMTOOL + " missing). Run"
                    + " hack/provision.sh prometheus, or: apt-get update && apt-get install -y --no-install-recommends"
                    + " prometheus");
        }
        var command = new java.util.ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir)
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void rulesAreValid() throws Exception {
        assertThat(promtool(new File("."), "check", "rules", "monitoring/prometheus/rds-operator-rules.yaml"))
                .contains("SUCCESS: " + HelmChartIT.alertNames().size() + " rules found");
    }

    /** Every alert has a promtool test that sees it fire, and a runbook section its runbook_url points at. */
    @Test
    void everyAlertIsTestedAndHasARunbook() throws Exception {
        String tests = Files.readString(Path.of("monitoring/prometheus/rds-operator-rules.test.yaml"));
        String runbooks = Files.readString(Path.of("docs/runbooks.md"));
        var rules = Charts.YAML.readTree(HelmChartIT.RULES.toFile()).at("/groups/0/rules");
        assertThat(rules.size()).isEqualTo(HelmChartIT.alertNames().size());
        for (var rule : rules) {
            String alert = rule.path("alert").asText();
            assertThat(tests)
                    .as("a promtool test expects %s to fire", alert)
                    .containsPattern("alertname: " + alert + "\\n\\s+exp_alerts:\\n\\s+- exp_labels");
            assertThat(rule.at("/annotations/runbook_url").asText())
                    .isEqualTo("https://github.com/srvlab/rds-operator/blob/main/docs/runbooks.md#"
                            + alert.toLowerCase(java.util.Locale.ROOT));
            assertThat(runbooks).as("docs/runbooks.md section for %s", alert).contains("\n## " + alert + "\n");
            String section = runbooks.substring(runbooks.indexOf("\n## " + alert + "\n"));
            int next = section.indexOf("\n## ", 3);
            section = next < 0 ? section : section.substring(0, next);
            assertThat(section)
                    .as("runbook of %s", alert)
                    .contains("**Meaning**")
                    .contains("**First checks**")
                    .contains("**Fix**");
        }
    }

    @Test
    void ruleUnitTestsPass() throws Exception {
        assertThat(promtool(new File("monitoring/prometheus"), "test", "rules", "rds-operator-rules.test.yaml"))
                .contains("SUCCESS");
    }
}
