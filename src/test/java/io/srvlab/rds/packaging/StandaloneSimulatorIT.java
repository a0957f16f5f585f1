package io.srvlab.rds.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.routeros.RouterOsSession;
import io.srvlab.rds.routeros.SshConnector;
import io.srvlab.rds.routeros.SshTarget;
import io.srvlab.rds.simulator.SimulatorKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar target/rds-simulator/rds-simulator.jar} runs on its own class path and answers SSH. */
class StandaloneSimulatorIT {
    private static final Path JAR = Path.of("target", "rds-simulator", "rds-simulator.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void classesNeedNothingButTheSimulatorLibraries() throws IOException {
        List<String> leaks = new ArrayList<>();
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            for (var entry :
                    jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                assertThat(entry.getName()).startsWith("io/srvlab/rds/simulator/");
                String constants = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
                for (String foreign : List.of(
                        "org/junit/",
                        "org/assertj/",
                        "net/jqwik/",
                        "io/srvlab/rds/routeros/",
                        "io/srvlab/rds/testing/")) {
                    if (constants.contains(foreign)) {
                        leaks.add(entry.getName() + " -> " + foreign);
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void startsAndAnswersSsh(@TempDir Path dir) throws Exception {
        KeyPair host = SimulatorKeys.ed25519();
        KeyPair client = SimulatorKeys.ed25519();
        Files.writeString(dir.resolve("host"), SimulatorKeys.privateKeyText(host));
        Files.writeString(dir.resolve("authorized"), SimulatorKeys.publicKeyLine(client.getPublic()) + "\n");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        JAR.toString(),
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        "0",
                        "--host-key",
                        dir.resolve("host").toString(),
                        "--authorized-keys",
                        dir.resolve("authorized").toString(),
                        "--user",
                        "admin",
                        "--identity",
                        "rds-standalone")
                .redirectErrorStream(true)
                .start();
        try {
            int port = port(process).get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            SshTarget target = SshTarget.of(
                    "127.0.0.1",
                    port,
                    "admin",
                    SimulatorKeys.privateKeyText(client),
                    SimulatorKeys.publicKeyLine(host.getPublic()));
            try (SshConnector connector = new SshConnector(target);
                    RouterOsSession session = connector.connect()) {
                assertThat(new RouterOsClient(Duration.ofSeconds(5))
                                .identity(session)
                                .identity())
                        .isEqualTo("rds-standalone");
            }
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The port from the startup line; the rest of the output is drained so the child never blocks on it. */
    private static CompletableFuture<Integer> port(Process process) {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            StringBuilder seen = new StringBuilder();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    seen.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("simulator exited before listening:\n" + seen));
        });
        return port;
    }
}
