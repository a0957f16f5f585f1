package io.srvlab.rds.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine here: parse the Dockerfile into instructions and check the invariants the manifests rely on
 * (multi-stage Maven-wrapper build, fast-jar on a JRE 21 image without a shell, non-root user, pinned base images,
 * port 8080, no credentials in the build context or the image).
 */
class DockerfileTest {
    record Instruction(String keyword, String args, int line) {}

    private static List<Instruction> instructions;

    @BeforeAll
    static void parse() throws IOException {
        instructions = parse(Files.readAllLines(Path.of("Dockerfile"), StandardCharsets.UTF_8));
    }

    /** Dockerfile grammar subset: comments, blank lines, backslash continuations (comments inside are dropped). */
    static List<Instruction> parse(List<String> lines) {
        List<Instruction> result = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (current == null && trimmed.isEmpty())) {
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
            }
            boolean continued = trimmed.endsWith("\\");
            current.append(continued ? trimmed.substring(0, trimmed.length() - 1) : trimmed)
                    .append(' ');
            if (!continued) {
                String text = current.toString().strip().replaceAll("\\s+", " ");
                int space = text.indexOf(' ');
                result.add(new Instruction(
                        text.substring(0, space).toUpperCase(Locale.ROOT),
                        text.substring(space + 1).strip(),
                        start));
                current = null;
            }
        }
        assertThat(current)
                .as("dangling line continuation at end of Dockerfile")
                .isNull();
        return result;
    }

    private static List<Instruction> finalStage() {
        int lastFrom = -1;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        return instructions.subList(lastFrom, instructions.size());
    }

    @Test
    void onlyKnownInstructions() {
        assertThat(instructions).extracting(Instruction::keyword).allMatch(k -> List.of(
                        "FROM", "WORKDIR", "COPY", "RUN", "LABEL", "ENV", "USER", "EXPOSE", "ENTRYPOINT", "ARG")
                .contains(k));
    }

    @Test
    void isMultiStageWithPinnedBaseImages() {
        var froms = instructions.stream()
                .filter(i -> i.keyword().equals("FROM"))
                .map(Instruction::args)
                .toList();
        assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
        var image = Pattern.compile("^(?<ref>[a-z0-9./_-]+(?::(?<tag>[A-Za-z0-9._-]+))?(?:@sha256:[a-f0-9]{64})?)"
                + "(?:\\s+AS\\s+(?<stage>[a-z0-9_-]+))?$");
        for (String from : froms) {
            var m = image.matcher(from);
            assertThat(m.matches()).as("FROM %s", from).isTrue();
            assertThat(m.group("tag") != null || from.contains("@sha256:"))
                    .as("base image pinned by tag or digest: %s", from)
                    .isTrue();
            assertThat(m.group("tag")).as("no floating tag in %s", from).isNotEqualTo("latest");
            assertThat(m.group("stage")).as("every stage is named: %s", from).isNotNull();
        }
        assertThat(froms.get(0)).as("build stage has a JDK 21").matches(".*:21[._0-9]*-jdk.* AS build");
        assertThat(froms.get(froms.size() - 1))
                .as("runtime is a JRE 21 image without a shell (distroless)")
                .startsWith("gcr.io/distroless/java21-");
    }

    @Test
    void buildsWithTheMavenWrapperAndRunsTheFastJar() {
        assertThat(instructions)
                .filteredOn(i -> i.keyword().equals("RUN"))
                .extracting(Instruction::args)
                .anyMatch(run -> run.contains("./mvnw") && run.contains(" package"));
        assertThat(instructions)
                .filteredOn(i -> i.keyword().equals("COPY"))
                .extracting(Instruction::args)
                .as("the build bundles crds/, which the operator checks the cluster's CRDs against")
                .contains("crds/ crds/");
        var finalStage = finalStage();
        assertThat(finalStage)
                .as("no RUN in the runtime stage: the image has no shell")
                .noneMatch(i -> i.keyword().equals("RUN"));
        assertThat(finalStage)
                .filteredOn(i -> i.keyword().equals("COPY"))
                .extracting(Instruction::args)
                .allMatch(args -> args.startsWith("--from=build /src/target/quarkus-app/"))
                .anyMatch(args -> args.contains("/lib/"))
                .anyMatch(args -> args.contains("/app/"))
                .anyMatch(args -> args.contains("/quarkus/"));
        var entrypoint = finalStage.stream()
                .filter(i -> i.keyword().equals("ENTRYPOINT"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(entrypoint.args())
                .as("exec form: no shell needed to start")
                .startsWith("[\"java\"")
                .endsWith("]")
                .contains("\"-jar\", \"/deployments/quarkus-run.jar\"");
    }

    @Test
    void runsAsNonRootAndExposesHttp() {
        var finalStage = finalStage();
        var user = finalStage.stream()
                .filter(i -> i.keyword().equals("USER"))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("runtime stage has no USER"));
        String uid = user.args().split(":")[0];
        assertThat(uid).isNotIn("root", "0").matches("[0-9]+");
        assertThat(Integer.parseInt(uid)).isPositive();
        int userIndex = finalStage.indexOf(user);
        assertThat(finalStage.subList(userIndex + 1, finalStage.size()))
                .as("nothing after USER switches back")
                .noneMatch(i -> i.keyword().equals("USER"));
        assertThat(finalStage)
                .filteredOn(i -> i.keyword().equals("EXPOSE"))
                .extracting(Instruction::args)
                .containsExactly("8080");
    }

    @Test
    void copiesNoSecrets() throws IOException {
        var secretish = Pattern.compile(
                "(?i)(\\.pem|\\.key\\b|id_rsa|id_ed25519|id_ecdsa|\\.env\\b|kubeconfig|secret|password|token|\\.ssh)");
        for (Instruction i : instructions) {
            if (i.keyword().equals("COPY") || i.keyword().equals("ADD")) {
                assertThat(secretish.matcher(i.args()).find())
                        .as("line %d copies something secret-looking: %s", i.line(), i.args())
                        .isFalse();
                assertThat(i.args())
                        .as("line %d copies the whole context", i.line())
                        .doesNotMatch("(?s)^\\.\\s.*");
            }
            if (i.keyword().equals("ENV") || i.keyword().equals("ARG")) {
                assertThat(secretish.matcher(i.args()).find())
                        .as("line %d bakes a credential-like variable: %s", i.line(), i.args())
                        .isFalse();
            }
        }
        assertThat(instructions).noneMatch(i -> i.keyword().equals("ADD"));
        var dockerignore = Files.readAllLines(Path.of(".dockerignore"), StandardCharsets.UTF_8);
        assertThat(dockerignore)
                .as(".dockerignore: deny by default, then allow only the build inputs")
                .startsWith(
                        "# Build context: only what the Dockerfile copies (mvnw, .mvn/, pom.xml, src/main/, crds/).",
                        "*")
                .contains("!mvnw", "!.mvn/", "!pom.xml", "!src/main/", "!crds/")
                .contains("**/*.pem", "**/*.key", "**/id_rsa*", "**/id_ed25519*", "**/.env", "**/*kubeconfig*")
                .contains("**/.git", "**/target");
    }

    @Test
    void parserHandlesContinuationsAndComments() {
        var parsed = parse(List.of("# c", "FROM a:1 AS x", "", "RUN a \\", "  # inner", "  b", "user 1"));
        assertThat(parsed)
                .containsExactly(
                        new Instruction("FROM", "a:1 AS x", 2),
                        new Instruction("RUN", "a b", 4),
                        new Instruction("USER", "1", 7));
    }
}
