package io.srvlab.rds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TenancyTest {
    @Test
    void theWildcardAdmitsEveryNamespaceButLetsNoneAdopt() {
        var tenancy = new RdsPoolConfigSpec.Tenancy(List.of("*"), List.of("*", "apps"), null);
        assertThat(tenancy.allows("anyone")).isTrue();
        assertThat(tenancy.allowsAdoption("anyone"))
                .as("a \"*\" stored before admission refused it")
                .isFalse();
        assertThat(tenancy.allowsAdoption("apps")).isTrue();
        assertThat(new RdsPoolConfigSpec.Tenancy(null, null, null).allowsAdoption("apps"))
                .isFalse();
    }

    @Test
    void aVolumesHostNameIsBoundedByTheAdminsList() {
        var unlisted = new RdsPoolConfigSpec.Tenancy(null, null, null);
        assertThat(unlisted.allowsHostName(null, "nqn.host:default")).isTrue();
        assertThat(unlisted.allowsHostName("nqn.host:default", "nqn.host:default"))
                .isTrue();
        assertThat(unlisted.allowsHostName("nqn.host:mine", "nqn.host:default"))
                .as("no list: only the pool config's default")
                .isFalse();
        assertThat(unlisted.allowsHostName("nqn.host:mine", null)).isFalse();
        var listed = new RdsPoolConfigSpec.Tenancy(null, null, List.of("nqn.host:a", "nqn.host:b"));
        assertThat(listed.allowsHostName("nqn.host:b", null)).isTrue();
        assertThat(listed.allowsHostName("nqn.host:c", "nqn.host:a")).isFalse();
    }
}
