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
import org.junit.jupiter.api.Test;

/**
 * docs/troubleshooting.md has a row for every condition reason the operator can write ({@link Reasons}, {@link
 * Refusal}), and none it cannot; the Events' own reasons ({@link EventReasons}) are named in the docs.
 */
class TroubleshootingDocTest {

    @Test
    void everyReasonHasARow() throws Exception {
        String doc = Files.readString(Path.of("docs/troubleshooting.md"));
        List<String> rows = doc.lines()
                .filter(line -> line.startsWith("| `"))
                .map(line -> line.substring(3, line.indexOf('`', 3)))
                .toList();
        List<String> reasons = new ArrayList<>(constants(Reasons.class));
        Arrays.stream(Refusal.values()).map(Enum::name).forEach(reasons::add);
        assertThat(reasons)
                .contains("RdsUnreachable", "CircuitOpen", "NotEnoughSpace", "SecretKeyNotFound", "VolumeInUse");
        assertThat(rows).as("reasons with a row").containsAll(reasons);
        assertThat(reasons).as("rows naming a reason the operator writes").containsAll(rows);
    }

    @Test
    void everyEventReasonIsNamed() throws Exception {
        String docs =
                Files.readString(Path.of("docs/troubleshooting.md")) + Files.readString(Path.of("docs/consume.md"));
        for (String eventReason : constants(EventReasons.class)) {
            assertThat(docs).contains("`" + eventReason + "`");
        }
    }

    private static List<String> constants(Class<?> holder) throws IllegalAccessException {
        List<String> values = new ArrayList<>();
        for (Field field : holder.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                values.add((String) field.get(null));
            }
        }
        return values;
    }
}
