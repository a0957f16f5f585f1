package io.srvlab.rds.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The Argo CD health checks, run with LuaJ the way Argo CD runs them: the live object is the global {@code obj}
 * (JSON turned into Lua tables, numbers as floats), the script returns a table with {@code status} and
 * {@code message}.
 */
class ArgoCdHealthTest {
    static final Path HEALTH = Path.of("argocd", "health");
    static final List<String> HEALTH_STATES =
            List.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Health(String status, String message) {}

    static Health run(String kind, String objectYaml) throws IOException {
        String script = Files.readString(HEALTH.resolve("rds.srvlab.io_" + kind + ".lua"), StandardCharsets.UTF_8);
        Object object = YAML.readValue(objectYaml, Object.class);
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", toLua(object));
        LuaValue result = globals.load(script, kind + ".lua").call();
        assertThat(result.istable()).as("script returns a table").isTrue();
        String status = result.get("status").tojstring();
        LuaValue message = result.get("message");
        assertThat(status).isIn(HEALTH_STATES);
        assertThat(message.isstring()).as("message is a string").isTrue();
        assertThat(message.tojstring()).isNotBlank();
        return new Health(status, message.tojstring());
    }

    /** JSON → Lua the way Argo CD (gopher-lua) does it: objects and arrays become tables, numbers are floats. */
    static LuaValue toLua(Object value) {
        if (value == null) {
            return LuaValue.NIL;
        }
        if (value instanceof Map<?, ?> map) {
            LuaTable table = new LuaTable();
            map.forEach((k, v) -> table.set(String.valueOf(k), toLua(v)));
            return table;
        }
        if (value instanceof List<?> list) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < list.size(); i++) {
                table.set(i + 1, toLua(list.get(i)));
            }
            return table;
        }
        if (value instanceof Number n) {
            return LuaValue.valueOf(n.doubleValue());
        }
        if (value instanceof Boolean b) {
            return LuaValue.valueOf(b);
        }
        return LuaValue.valueOf(value.toString());
    }

    static String volume(long generation, String status) {
        return """
                apiVersion: rds.srvlab.io/v1alpha1
                kind: RdsVolume
                metadata: {name: data, namespace: apps, generation: %d}
                spec: {poolConfigName: rds-main, size: 10Gi}
                """.formatted(generation) + (status == null ? "" : "status:\n" + status.indent(2));
    }

    static String pool(long generation, String status) {
        return """
                apiVersion: rds.srvlab.io/v1alpha1
                kind: RdsPoolConfig
                metadata: {name: rds-main, generation: %d}
                spec: {server: {address: 10.42.68.1}}
                """.formatted(generation) + (status == null ? "" : "status:\n" + status.indent(2));
    }

    static String ready(String status, String reason, String message) {
        return "conditions:\n- {type: Ready, status: \"%s\", reason: %s, message: \"%s\"}\n"
                .formatted(status, reason, message);
    }

    // ---- RdsVolume ----

    @Test
    void volumeWithoutStatusIsProgressing() throws IOException {
        assertThat(run("RdsVolume", volume(1, null)))
                .isEqualTo(new Health("Progressing", "Waiting for the operator to reconcile the volume"));
    }

    @Test
    void volumeReadyIsHealthy() throws IOException {
        String status = "phase: Ready\nobservedGeneration: 3\nslot: pvc-1234\n" + ready("True", "Ready", "ok");
        assertThat(run("RdsVolume", volume(3, status))).isEqualTo(new Health("Healthy", "Ready: slot pvc-1234"));
    }

    @Test
    void volumeWithUnobservedGenerationIsProgressingEvenIfReady() throws IOException {
        String status = "phase: Ready\nobservedGeneration: 2\n" + ready("True", "Ready", "ok");
        assertThat(run("RdsVolume", volume(3, status)))
                .isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 3"));
        String noObserved = "phase: Ready\n" + ready("True", "Ready", "ok");
        assertThat(run("RdsVolume", volume(1, noObserved)).status()).isEqualTo("Progressing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pending", "Creating", "Resizing", "Deleting"})
    void volumeInTransitionalPhaseIsProgressing(String phase) throws IOException {
        String status = "phase: " + phase + "\nobservedGeneration: 1\n" + ready("False", phase, "working on it");
        assertThat(run("RdsVolume", volume(1, status))).isEqualTo(new Health("Progressing", phase + ": working on it"));
        assertThat(run("RdsVolume", volume(1, "phase: " + phase + "\nobservedGeneration: 1\n")))
                .isEqualTo(new Health("Progressing", phase));
    }

    @Test
    void volumeFailedPhaseIsDegradedWhateverTheReason() throws IOException {
        String status = "phase: Failed\nobservedGeneration: 1\n" + ready("False", "SomethingNew", "broken");
        assertThat(run("RdsVolume", volume(1, status))).isEqualTo(new Health("Degraded", "SomethingNew: broken"));
        assertThat(run("RdsVolume", volume(1, "phase: Failed\nobservedGeneration: 1\nmessage: disk gone\n")))
                .isEqualTo(new Health("Degraded", "disk gone"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "NotEnoughSpace",
                "SlotConflict",
                "InvalidSpec",
                "DiskMissing",
                "AuthFailed",
                "HostKeyMismatch",
                "NotFound",
                "CommandRejected",
                "UnexpectedOutput",
                "CommandFailed",
                "DiskOwnedByAnotherVolume",
                "AdoptionNotAllowed",
                "DiskNotOwned",
                "FileInUse",
                "FileExists",
                "SlotClaimed",
                "NamespaceNotAllowed",
                "ServerChanged",
                "NqnInUse"
            })
    void volumePermanentReasonIsDegraded(String reason) throws IOException {
        String status = "phase: Creating\nobservedGeneration: 1\n" + ready("False", reason, "needs a human");
        assertThat(run("RdsVolume", volume(1, status))).isEqualTo(new Health("Degraded", reason + ": needs a human"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CircuitOpen", "PoolExhausted", "RateLimited", "Timeout", "Unreachable"})
    void volumeTransientReasonIsProgressing(String reason) throws IOException {
        String status = "phase: Creating\nobservedGeneration: 1\n" + ready("False", reason, "retrying");
        assertThat(run("RdsVolume", volume(1, status))).isEqualTo(new Health("Progressing", reason + ": retrying"));
    }

    @Test
    void volumeBeingDeletedIsProgressing() throws IOException {
        String object = volume(1, "phase: Ready\nobservedGeneration: 1\n" + ready("True", "Ready", "ok"))
                .replace("generation: 1}", "generation: 1, deletionTimestamp: '2026-01-01T00:00:00Z'}");
        assertThat(run("RdsVolume", object).status()).isEqualTo("Progressing");
    }

    @Test
    void volumeWithEmptyStatusIsProgressing() throws IOException {
        assertThat(run("RdsVolume", volume(1, "observedGeneration: 1\nconditions: []\n")))
                .isEqualTo(new Health("Progressing", "Waiting for the Ready condition"));
    }

    // ---- RdsPoolConfig ----

    @Test
    void poolWithoutStatusIsProgressing() throws IOException {
        assertThat(run("RdsPoolConfig", pool(1, null)).status()).isEqualTo("Progressing");
    }

    @Test
    void poolReadyIsHealthyWithTheSummary() throws IOException {
        String status = "observedGeneration: 2\ncircuitState: CLOSED\n"
                + "pool: {summary: 'Connections(total=4, active=1, idle=2) Errors=0'}\n"
                + ready("True", "Ready", "connected");
        assertThat(run("RdsPoolConfig", pool(2, status)))
                .isEqualTo(new Health("Healthy", "Ready: Connections(total=4, active=1, idle=2) Errors=0"));
        String halfOpen = "observedGeneration: 2\ncircuitState: HALF_OPEN\n" + ready("True", "Ready", "probing");
        assertThat(run("RdsPoolConfig", pool(2, halfOpen)))
                .isEqualTo(new Health("Healthy", "Ready (circuit half-open)"));
    }

    @Test
    void poolWithOpenCircuitIsProgressing() throws IOException {
        String status = "observedGeneration: 1\ncircuitState: OPEN\n" + ready("False", "CircuitOpen", "5 failures");
        assertThat(run("RdsPoolConfig", pool(1, status)))
                .isEqualTo(
                        new Health(
                                "Progressing",
                                "Circuit breaker open: the RDS is not answering, the operator retries (CircuitOpen: 5 failures)"));
        String exhausted = "observedGeneration: 1\ncircuitState: CLOSED\n" + ready("False", "PoolExhausted", "busy");
        assertThat(run("RdsPoolConfig", pool(1, exhausted)))
                .isEqualTo(new Health("Progressing", "PoolExhausted: busy"));
    }

    @ParameterizedTest
    @CsvSource({"AuthFailed,CLOSED", "HostKeyMismatch,OPEN", "InvalidSpec,CLOSED"})
    void poolPermanentReasonIsDegraded(String reason, String circuit) throws IOException {
        String status = "observedGeneration: 1\ncircuitState: " + circuit + "\n" + ready("False", reason, "fix me");
        assertThat(run("RdsPoolConfig", pool(1, status))).isEqualTo(new Health("Degraded", reason + ": fix me"));
    }

    @Test
    void poolWithUnobservedGenerationIsProgressing() throws IOException {
        String status = "observedGeneration: 1\ncircuitState: CLOSED\n" + ready("True", "Ready", "ok");
        assertThat(run("RdsPoolConfig", pool(2, status)))
                .isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 2"));
    }

    // ---- argocd-cm snippet ----

    @Test
    void argocdCmPatchEmbedsExactlyTheLuaFiles() throws IOException {
        var patch = YAML.readTree(Path.of("argocd", "argocd-cm-patch.yaml").toFile());
        var data = patch.get("data");
        assertThat(patch.size()).isEqualTo(1);
        assertThat(data.size()).isEqualTo(2);
        for (String kind : List.of("RdsVolume", "RdsPoolConfig")) {
            String embedded = data.get("resource.customizations.health.rds.srvlab.io_" + kind)
                    .asText();
            assertThat(embedded)
                    .isEqualTo(
                            Files.readString(HEALTH.resolve("rds.srvlab.io_" + kind + ".lua"), StandardCharsets.UTF_8));
        }
    }
}
