package io.srvlab.rds.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.srvlab.rds.api.PersistentVolumeChoices;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsVolumeSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeSideRulesTest {
    private static final String UUID = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private static RdsVolumeSpec.PersistentVolume wanted(List<String> mountOptions, String deviceUuid) {
        return new RdsVolumeSpec.PersistentVolume(
                deviceUuid == null ? "democratic-csi" : "csi-driver-nvmf",
                "data",
                "Filesystem",
                "ext4",
                "ReadWriteOnce",
                "",
                mountOptions,
                deviceUuid);
    }

    private static RdsPoolConfigSpec config(List<String> allowedMountOptions, Boolean singleTenant) {
        return new RdsPoolConfigSpec(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new PersistentVolumeChoices(allowedMountOptions, singleTenant),
                null);
    }

    @Test
    void aTenantsMountOptionIsRefusedUnlessAnAdminListsIt() {
        var refusal =
                NodeSideRules.check(wanted(List.of("errors=panic"), null), config(null, null), List.of(), Set.of());

        assertThat(refusal).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo("MountOptionsNotAllowed");
            assertThat(r.message()).contains("[errors=panic]").contains("allowedMountOptions");
        });
        assertThat(NodeSideRules.check(
                        wanted(List.of("noatime", "errors=panic"), null),
                        config(List.of("noatime"), null),
                        List.of(),
                        Set.of()))
                .as("one not listed is enough")
                .hasValueSatisfying(r -> assertThat(r.message()).contains("[errors=panic]"));
    }

    @Test
    void mountOptionsListedByThePoolConfigOrTheStorageClassPass() {
        assertThat(NodeSideRules.check(
                        wanted(List.of("noatime", "discard"), null),
                        config(List.of("noatime"), null),
                        List.of("discard"),
                        Set.of()))
                .isEmpty();
        assertThat(NodeSideRules.check(wanted(null, null), config(null, null), List.of(), Set.of()))
                .isEmpty();
    }

    @Test
    void aDeviceUuidIsTakenOnlyOnASingleTenantPoolConfig() {
        assertThat(NodeSideRules.check(wanted(null, UUID), config(null, null), List.of(), Set.of()))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("DeviceUuidNotAllowed"));
        assertThat(NodeSideRules.check(wanted(null, UUID), config(null, false), List.of(), Set.of()))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("DeviceUuidNotAllowed"));
        assertThat(NodeSideRules.check(wanted(null, UUID), config(null, true), List.of(), Set.of()))
                .isEmpty();
    }

    @Test
    void aDeviceUuidAnotherPersistentVolumeCarriesIsRefusedInAnyCase() {
        assertThat(NodeSideRules.check(wanted(null, UUID), config(null, true), List.of(), Set.of(UUID.toUpperCase())))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("DeviceUuidInUse"));
    }
}
