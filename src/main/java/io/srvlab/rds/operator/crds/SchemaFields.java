package io.srvlab.rds.operator.crds;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The field paths a structural schema keeps. The API server prunes every field its CRD's schema lacks, silently, so a
 * field this operator's schema has and the installed one lacks is a field the operator would write and never read
 * back (or never be given).
 */
public final class SchemaFields {
    private SchemaFields() {}

    /** Every path, e.g. {@code spec.tenancy.namespaces[]} or {@code metadata}, in a stable order. */
    public static Set<String> of(JSONSchemaProps schema) {
        var paths = new TreeSet<String>();
        collect("", schema, paths);
        return paths;
    }

    /** Paths of {@code ours} that {@code installed} lacks. */
    public static List<String> missing(JSONSchemaProps ours, JSONSchemaProps installed) {
        Set<String> present = of(installed);
        List<String> missing = new ArrayList<>();
        for (String path : of(ours)) {
            if (!present.contains(path)) {
                missing.add(path);
            }
        }
        return missing;
    }

    private static void collect(String prefix, JSONSchemaProps schema, Set<String> paths) {
        if (schema == null) {
            return;
        }
        Map<String, JSONSchemaProps> properties = schema.getProperties();
        if (properties != null) {
            properties.forEach((name, child) -> {
                String path = prefix.isEmpty() ? name : prefix + "." + name;
                paths.add(path);
                collect(path, child, paths);
            });
        }
        if (schema.getItems() != null && schema.getItems().getSchema() != null) {
            collect(prefix + "[]", schema.getItems().getSchema(), paths);
        }
        if (schema.getAdditionalProperties() != null
                && schema.getAdditionalProperties().getSchema() != null) {
            collect(prefix + ".*", schema.getAdditionalProperties().getSchema(), paths);
        }
    }
}
