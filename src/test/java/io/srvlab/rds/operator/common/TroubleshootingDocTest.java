package io.srvlab.rds.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.srvlab.rds.volume.Refusal;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/troubleshooting.md has a row for every condition reason the operator can write, and none it cannot. */
class TroubleshootingDocTest {
    private static final Set<String> CONDITION_TYPES =
            Set.of(Reasons.READY, Reasons.REACHABLE, Reasons.CIRCUIT_CLOSED, Reasons.HOST_KEY_VERIFIED);
    private static final Set<String> EVENT_ONLY = Set.of(
            Reasons.DELETED,
            Reasons.RETAINED,
            Reasons.RELEASED,
            Reasons.LEFT_ALONE,
            Reasons.EXPORT_REPAIRED,
            Reasons.ORPHANS_FOUND);
    /** The reasons FailureClassifier names in its source: {@code transientFor("X", …)}, {@code permanent("X", …)}. */
    private static final Pattern CLASSIFIED =
            Pattern.compile("(?:transientFor|permanent)\\(\"([A-Za-z]+)\"|-> \"([A-Za-z]+)\"|reason = \"([A-Za-z]+)\"");

    @Test
    void everyReasonHasARow() throws Exception {
        String doc = Files.readString(Path.of("docs/troubleshooting.md"));
        List<String> rows = doc.lines()
                .filter(line -> line.startsWith("| `"))
                .map(line -> line.substring(3, line.indexOf('`', 3)))
                .toList();
        List<String> reasons = new ArrayList<>();
        for (Field field : Reasons.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                field.setAccessible(true);
                String reason = (String) field.get(null);
                if (!CONDITION_TYPES.contains(reason) && !EVENT_ONLY.contains(reason)) {
                    reasons.add(reason);
                }
            }
        }
        Arrays.stream(Refusal.values()).map(Enum::name).forEach(reasons::add);
        var matcher = CLASSIFIED.matcher(
                Files.readString(Path.of("src/main/java/io/srvlab/rds/operator/common/FailureClassifier.java")));
        while (matcher.find()) {
            for (int group = 1; group <= 3; group++) {
                if (matcher.group(group) != null) {
                    reasons.add(matcher.group(group));
                }
            }
        }
        assertThat(reasons).contains("RdsUnreachable", "CircuitOpen", "NotEnoughSpace", "SecretKeyNotFound");
        assertThat(rows).as("reasons with a row").containsAll(reasons);
        assertThat(reasons).as("rows naming a reason the operator writes").containsAll(rows);
        for (String eventReason : EVENT_ONLY) {
            assertThat(doc).contains("`" + eventReason + "`");
        }
    }
}
