package io.srvlab.rds.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/** Applies the committed crds/ (what users install) and waits until the API server serves them. */
public final class CrdInstaller {
    private static final Path CRD_DIR = Path.of("crds");

    private CrdInstaller() {}

    public static void install(KubernetesClient client) throws IOException {
        try (Stream<Path> files = Files.list(CRD_DIR)) {
            for (Path file : files.sorted().toList()) {
                var crd = Serialization.unmarshal(
                        Files.readString(file, StandardCharsets.UTF_8), CustomResourceDefinition.class);
                client.resource(crd).forceConflicts().serverSideApply();
                awaitEstablished(client, crd.getMetadata().getName());
            }
        }
    }

    private static void awaitEstablished(KubernetesClient client, String crdName) {
        Awaitility.await("CRD " + crdName + " established")
                .atMost(Duration.ofSeconds(30))
                .until(() -> {
                    var crd = client.apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .withName(crdName)
                            .get();
                    return crd != null
                            && crd.getStatus() != null
                            && crd.getStatus().getConditions().stream()
                                    .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
                });
    }
}
