package io.srvlab.rds.routeros;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubvolumeCommandsTest {
    @Test
    void theVendorsForms() throws Exception {
        assertThat(SubvolumeCommands.add("storage-pool", "k8s/rdsv-1").line())
                .isEqualTo("/disk/btrfs/subvolume/add fs=\"storage-pool\" name=\"k8s/rdsv-1\"");
        assertThat(SubvolumeCommands.snapshot("storage-pool", "k8s/rdsv-1", "k8s/rdss-2", true)
                        .line())
                .isEqualTo("/disk/btrfs/subvolume/add read-only=yes parent=\"k8s/rdsv-1\" fs=\"storage-pool\""
                        + " name=\"k8s/rdss-2\"");
        assertThat(SubvolumeCommands.snapshot("storage-pool", "k8s/rdss-2", "k8s/rdsv-3", false)
                        .line())
                .isEqualTo("/disk/btrfs/subvolume/add parent=\"k8s/rdss-2\" fs=\"storage-pool\" name=\"k8s/rdsv-3\"");
        assertThat(SubvolumeCommands.remove("k8s/rdss-2").line())
                .isEqualTo("/disk/btrfs/subvolume/remove [find where name=\"k8s/rdss-2\"]");
        assertThat(SubvolumeCommands.byName("k8s/rdss-2").line())
                .isEqualTo("/disk/btrfs/subvolume/print detail where name=\"k8s/rdss-2\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "a//b", "a/../b", "a/.hidden", "a b", "a\"b", "a;b", "a]b", "a$b", "a/"})
    void namesOutsideTheAllowListAreRefusedBeforeAnythingIsSent(String name) {
        assertThatThrownBy(() -> SubvolumeCommands.remove(name))
                .isInstanceOfSatisfying(RouterOsException.class, e -> assertThat(e.kind())
                        .isEqualTo(RouterOsException.Kind.INVALID_VALUE));
        assertThatThrownBy(() -> SubvolumeCommands.add("storage-pool", name)).isInstanceOf(RouterOsException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-x", "a b", "a\"b", "a;b", "a/b"})
    void filesystemNamesOutsideTheAllowListAreRefused(String fs) {
        assertThatThrownBy(() -> SubvolumeCommands.add(fs, "k8s/x")).isInstanceOf(RouterOsException.class);
    }
}
