package io.srvlab.rds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TenancyTest {
    @Test
    void theWildcardAdmitsEveryNamespaceButLetsNoneAdopt() {
        var tenancy = new RdsPoolConfigSpec.Tenancy(List.of("*"), List.of("*", "apps"));
        assertThat(tenancy.allows("anyone")).isTrue();
        assertThat(tenancy.allowsAdoption("anyone"))
                .as("a \"*\" stored before admission refused it")
                .isFalse();
        assertThat(tenancy.allowsAdoption("apps")).isTrue();
        assertThat(new RdsPoolConfigSpec.Tenancy(null, null).allowsAdoption("apps"))
                .isFalse();
    }
}
