package io.srvlab.rds.operator.volumesnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class ContentFactsTest {
    private static final String UID = "0f2b6a3e-5c1d-4e8f-9a7b-123456789abc";

    @Test
    void aDynamicContentOfThisDriverIsReadWithWhatTheSidecarReads() {
        ContentFacts content = ContentFacts.of(content(
                "rds.srvlab.io",
                "volumeHandle: nqn.2000-02.com.mikrotik:rdsv-1",
                """
                  annotations: {snapshot.storage.kubernetes.io/volumesnapshot-being-deleted: "yes"}
                  finalizers: [snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection]
                  deletionTimestamp: "2026-12-07T19:00:00Z"
                """,
                "status: {snapshotHandle: apps/vsc-x, readyToUse: true, creationTime: 1765134000000000000,"
                        + " restoreSize: 1073741824, error: {message: 'SourceNotInNamespace: no'}}"));
        assertThat(content.dynamicOfThisDriver()).isTrue();
        assertThat(content.retained()).isFalse();
        assertThat(content.deleting()).isTrue();
        assertThat(content.readyToUse()).isTrue();
        assertThat(content.snapshotHandle()).isEqualTo("apps/vsc-x");
        assertThat(content.errorMessage()).isEqualTo("SourceNotInNamespace: no");
        assertThat(content.status().creationTime()).isEqualTo(1765134000000000000L);
        assertThat(content.spec().volumeSnapshotRef().namespace()).isEqualTo("apps");
        assertThat(ContentDeletion.asked(content)).isTrue();
    }

    @Test
    void anotherDriversOrAPreProvisionedContentIsNotOurs() {
        assertThat(ContentFacts.of(content("ebs.csi.aws.com", "volumeHandle: vol-1", "", ""))
                        .dynamicOfThisDriver())
                .isFalse();
        assertThat(ContentFacts.of(content("rds.srvlab.io", "snapshotHandle: apps/vsc-" + UID, "", ""))
                        .dynamicOfThisDriver())
                .isFalse();
    }

    @Test
    void aDeletionWaitsForTheControllersWordAndForATakingToEnd() {
        String deleting = "  deletionTimestamp: \"2026-12-07T19:00:00Z\"\n";
        assertThat(ContentDeletion.asked(ContentFacts.of(content("rds.srvlab.io", "volumeHandle: n", deleting, ""))))
                .as("no being-deleted annotation")
                .isFalse();
        assertThat(ContentDeletion.asked(ContentFacts.of(content(
                        "rds.srvlab.io",
                        "volumeHandle: n",
                        deleting
                                + "  annotations: {snapshot.storage.kubernetes.io/volumesnapshot-being-deleted: \"yes\","
                                + " snapshot.storage.kubernetes.io/volumesnapshot-being-created: \"yes\"}\n",
                        ""))))
                .as("still being created")
                .isFalse();
    }

    @Test
    void theHandleNamesTheNamespaceAndTheContentUidOnly() {
        SnapshotHandles.Handle handle = SnapshotHandles.of("apps", UID);
        assertThat(handle.text()).isEqualTo("apps/vsc-" + UID);
        assertThat(SnapshotHandles.parse(handle.text())).contains(handle);
        assertThat(SnapshotHandles.parse("apps/db-backup"))
                .as("not a name this operator writes")
                .isEmpty();
        assertThat(SnapshotHandles.parse("../vsc-" + UID)).isEmpty();
        assertThat(SnapshotHandles.parse("apps/vsc-" + UID + "/x")).isEmpty();
        assertThat(SnapshotHandles.parse(null)).isEmpty();
    }

    private static GenericKubernetesResource content(String driver, String source, String metadata, String status) {
        return Serialization.unmarshal(
                """
                apiVersion: snapshot.storage.k8s.io/v1
                kind: VolumeSnapshotContent
                metadata:
                  name: snapcontent-1
                  uid: %s
                  resourceVersion: "7"
                %sspec:
                  driver: %s
                  deletionPolicy: Delete
                  source: {%s}
                  volumeSnapshotRef: {namespace: apps, name: nightly, uid: 11111111-2222-3333-4444-555555555555}
                %s
                """.formatted(UID, metadata, driver, source, status), GenericKubernetesResource.class);
    }
}
