package io.srvlab.rds.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged operator (what the image copies from {@code target/quarkus-app}) ships no simulator class. */
class PackagedOperatorIT {
    private static final Path APP = Path.of("target", "quarkus-app");
    private static final String SIMULATOR = "io/srvlab/rds/simulator/";

    private static List<String> entries;

    @BeforeAll
    static void readPackagedApp() throws IOException {
        assertThat(APP.resolve("quarkus-run.jar")).as("run after package").isRegularFile();
        entries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(APP)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = APP.relativize(file).toString();
                if (relative.endsWith(".jar")) {
                    try (ZipFile jar = new ZipFile(file.toFile())) {
                        jar.stream().forEach(e -> entries.add(relative + "!/" + e.getName()));
                    }
                } else {
                    entries.add(relative);
                }
            }
        }
    }

    @Test
    void operatorClassesArePackaged() {
        assertThat(entries).anyMatch(e -> e.startsWith("app/") && e.contains("io/srvlab/rds/operator/"));
        assertThat(entries).anyMatch(e -> e.startsWith("lib/") && e.contains("org/apache/sshd/"));
    }

    @Test
    void noSimulatorClass() {
        assertThat(entries).noneMatch(e -> e.contains(SIMULATOR));
    }
}
