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
                .contains("SUCCESS: 5 rules found");
    }

    @Test
    void ruleUnitTestsPass() throws Exception {
        assertThat(promtool(new File("monitoring/prometheus"), "test", "rules", "rds-operator-rules.test.yaml"))
                .contains("SUCCESS");
    }
}
