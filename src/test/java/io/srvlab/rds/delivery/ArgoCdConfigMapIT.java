package io.srvlab.rds.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.srvlab.rds.testing.Namespaces;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The documented command patches a real argocd-cm: both health checks land verbatim, existing settings stay. */
class ArgoCdConfigMapIT {
    @Test
    void patchAddsTheHealthChecksVerbatim() throws IOException {
        var cluster = ClusterFixtures.cluster();
        var client = cluster.client();
        Namespaces.ensure(client, "argocd");
        client.resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("argocd-cm")
                        .withNamespace("argocd")
                        .endMetadata()
                        .addToData("url", "https://argocd.example.com")
                        .build())
                .createOr(existing -> existing.update());

        cluster.kubectl(
                "-n",
                "argocd",
                "patch",
                "configmap",
                "argocd-cm",
                "--type",
                "merge",
                "--patch-file",
                "argocd/argocd-cm-patch.yaml");

        var data = client.configMaps()
                .inNamespace("argocd")
                .withName("argocd-cm")
                .get()
                .getData();
        assertThat(data).containsEntry("url", "https://argocd.example.com").hasSize(1 + ArgoCdHealthTest.KINDS.size());
        for (String kind : ArgoCdHealthTest.KINDS) {
            assertThat(data.get("resource.customizations.health.rds.srvlab.io_" + kind))
                    .isEqualTo(ArgoCdHealthTest.script(kind));
        }
    }
}
