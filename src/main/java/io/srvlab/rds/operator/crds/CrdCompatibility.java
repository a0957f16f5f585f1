package io.srvlab.rds.operator.crds;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compares the CRDs installed in the cluster with the ones this operator was built with (bundled under {@code crds/}):
 * an installed CRD that lacks a field of ours would let the API server prune what the operator writes or a user sets,
 * silently. The verdict is also the gauge {@code rds_crd_outdated{crd}} (1 while the installed CRD is older or
 * unreadable).
 */
@Singleton
public class CrdCompatibility {
    /** The CRDs this operator serves, each bundled as {@code crds/<name>.yaml}. */
    public static final List<String> CRDS =
            List.of("rdspoolconfigs.rds.srvlab.io", "rdsvolumes.rds.srvlab.io", "rdssnapshots.rds.srvlab.io");

    private final KubernetesClient client;
    private final Map<String, CustomResourceDefinitionVersion> bundled = new LinkedHashMap<>();
    private final Map<String, Integer> outdated = new ConcurrentHashMap<>();

    CrdCompatibility(KubernetesClient client, MeterRegistry registry) {
        this.client = client;
        for (String crd : CRDS) {
            bundled.put(
                    crd,
                    bundledCrd(crd).getSpec().getVersions().stream()
                            .filter(v -> Boolean.TRUE.equals(v.getStorage()))
                            .findFirst()
                            .orElseThrow());
            outdated.put(crd, 0);
            Gauge.builder("rds.crd.outdated", outdated, m -> m.get(crd))
                    .description("1 while the installed CRD lacks fields of this operator's (or cannot be read):"
                            + " the operator then serves nothing")
                    .tag("crd", crd)
                    .register(registry);
        }
    }

    /** What the check found: per CRD, the fields the installed one lacks, or why it could not be read. */
    public record Verdict(Map<String, List<String>> missingFields, Map<String, String> unreadable) {
        public boolean current() {
            return missingFields.isEmpty() && unreadable.isEmpty();
        }

        public String describe() {
            var parts = new StringBuilder();
            missingFields.forEach((crd, fields) -> parts.append("CustomResourceDefinition ")
                    .append(crd)
                    .append(" in the cluster is older than this operator (it lacks ")
                    .append(
                            fields.size() <= 5
                                    ? fields
                                    : fields.subList(0, 5) + " and " + (fields.size() - 5) + " more")
                    .append("); "));
            unreadable.forEach((crd, why) -> parts.append("CustomResourceDefinition ")
                    .append(crd)
                    .append(" cannot be read: ")
                    .append(why)
                    .append("; "));
            return parts.append("apply the CRDs of this release (kubectl apply --server-side -f crds/)")
                    .toString();
        }
    }

    public Verdict check() {
        Map<String, List<String>> missing = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (String crd : CRDS) {
            try {
                CustomResourceDefinition installed = client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(crd)
                        .get();
                CustomResourceDefinitionVersion ours = bundled.get(crd);
                Optional<JSONSchemaProps> schema =
                        installed == null ? Optional.empty() : servedSchema(installed, ours.getName());
                if (installed == null) {
                    unreadable.put(crd, "it is not installed");
                } else if (schema.isEmpty()) {
                    unreadable.put(crd, "it serves no schema for version " + ours.getName());
                } else {
                    List<String> lacking = SchemaFields.missing(ours.getSchema().getOpenAPIV3Schema(), schema.get());
                    if (!lacking.isEmpty()) {
                        missing.put(crd, lacking);
                    }
                }
            } catch (KubernetesClientException e) {
                unreadable.put(crd, "HTTP " + e.getCode() + (e.getCode() == 403 ? " (RBAC must grant get on it)" : ""));
            }
        }
        for (String crd : CRDS) {
            outdated.put(crd, missing.containsKey(crd) || unreadable.containsKey(crd) ? 1 : 0);
        }
        return new Verdict(missing, unreadable);
    }

    /** The installed schema of the version this operator reads and writes, when it is served. */
    private static Optional<JSONSchemaProps> servedSchema(CustomResourceDefinition crd, String version) {
        return crd.getSpec().getVersions().stream()
                .filter(v -> version.equals(v.getName()) && Boolean.TRUE.equals(v.getServed()))
                .map(CustomResourceDefinitionVersion::getSchema)
                .filter(s -> s != null && s.getOpenAPIV3Schema() != null)
                .map(s -> s.getOpenAPIV3Schema())
                .findFirst();
    }

    private CustomResourceDefinition bundledCrd(String name) {
        try (InputStream in = CrdCompatibility.class.getResourceAsStream("/crds/" + name + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("crds/" + name + ".yaml is not on the class path");
            }
            return client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
