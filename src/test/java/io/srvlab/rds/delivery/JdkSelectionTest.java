package io.srvlab.rds.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK that {@code ./mvnw}, the demo and the benchmark run on is chosen by {@code .mvn/jdk-home.sh}: the one named
 * by JAVA_HOME when it is new enough, else the newest JDK ≥ 21 among the candidates, else one line on stderr and exit
 * 1. The JDKs here are stand-ins (a {@code release} file and two executables), which is all the script reads.
 */
class JdkSelectionTest {
    @TempDir
    Path dir;

    record Outcome(int exit, String stdout, String stderr) {}

    private Path jdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String tool : List.of("java", "javac")) {
            Path file = bin.resolve(tool);
            Files.writeString(file, "#!/bin/sh\necho \"openjdk version \\\"" + version + "\\\"\" >&2\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    private Outcome run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Path.of("").toAbsolutePath().toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Outcome(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8).strip(),
                Files.readString(err, StandardCharsets.UTF_8).strip());
    }

    @Test
    void aNewEnoughJavaHomeIsKeptAndNothingIsSaid() throws Exception {
        Path home = jdk("temurin-21", "21.0.9");
        jdk("temurin-25", "25.0.1");

        Outcome outcome =
                run(Map.of("JAVA_HOME", home.toString(), "JDK_CANDIDATES", dir + "/*"), "sh", ".mvn/jdk-home.sh");

        assertThat(outcome).isEqualTo(new Outcome(0, home.toString(), ""));
    }

    @Test
    void anOldJavaHomeGivesWayToTheNewestJdkAndSaysSo() throws Exception {
        Path old = jdk("openjdk-17", "17.0.15");
        jdk("temurin-21", "21.0.9");
        Path newest = jdk("temurin-25", "25.0.1");
        jdk("broken", "");

        Outcome outcome =
                run(Map.of("JAVA_HOME", old.toString(), "JDK_CANDIDATES", dir + "/*"), "sh", ".mvn/jdk-home.sh");

        assertThat(outcome.exit()).isZero();
        assertThat(outcome.stdout()).isEqualTo(newest.toString());
        assertThat(outcome.stderr())
                .isEqualTo("[jdk] using JDK 25 at " + newest + ": JAVA_HOME or the PATH names JDK 17 at " + old
                        + ", and 21 is the minimum");
    }

    @Test
    void withoutAnyJdk21TheWrapperStopsAtOnceWithOneLine() throws Exception {
        Path old = jdk("openjdk-17", "17.0.15");

        Outcome outcome =
                run(Map.of("JAVA_HOME", old.toString(), "JDK_CANDIDATES", dir + "/*"), "sh", "mvnw", "verify");

        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.stdout()).isEmpty();
        assertThat(outcome.stderr().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("rds-operator needs a JDK >= 21 (found JDK 17 at " + old)
                .contains("install one"));
    }
}
