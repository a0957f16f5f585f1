package io.srvlab.rds.routeros;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One item of {@code print detail} output.
 *
 * @param number the item number printed by RouterOS, or -1 when the output carried none
 * @param flags flag letters from the item line, without spaces; empty when none
 * @param comment the {@code ;;;} comment, or empty
 * @param properties properties in printed order, values unquoted and unescaped
 */
public record PrintItem(int number, String flags, String comment, Map<String, String> properties) {

    public PrintItem {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public String get(String key) {
        return properties.get(key);
    }
}
