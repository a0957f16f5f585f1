package io.srvlab.rds.operator.rdspoolconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.srvlab.rds.api.RdsPoolConfigSpec;
import org.junit.jupiter.api.Test;

class ServerIdentityTest {
    private static final String KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb2xmw9ZQ3RdDn1oJLHrQXkKjq6xdkhW5hvVV0mNqY3 rds";
    private static final String OTHER_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHb2xmw9ZQ3RdDn1oJLHrQXkKjq6xdkhW5hvVV0mNqY3 rds";

    @Test
    void theFingerprintHasOpenSshsFormAndIgnoresTheKeyComment() {
        String fingerprint = ServerIdentity.fingerprint(KEY);
        assertThat(fingerprint).startsWith("SHA256:").doesNotEndWith("=").hasSize(7 + 43);
        assertThat(ServerIdentity.fingerprint(KEY.replace(" rds", " another comment")))
                .isEqualTo(fingerprint);
        assertThat(ServerIdentity.fingerprint(null)).isNull();
    }

    @Test
    void aPinnedKeyDecidesWhateverTheAddress() {
        var recorded = ServerIdentity.of(server("10.0.0.1", KEY, false));
        assertThat(ServerIdentity.same(recorded, ServerIdentity.of(server("10.0.0.9", KEY, false))))
                .as("new management address, same appliance")
                .isTrue();
        assertThat(ServerIdentity.same(recorded, ServerIdentity.of(server("10.0.0.1", OTHER_KEY, false))))
                .as("same address, another appliance")
                .isFalse();
    }

    @Test
    void withoutAPinnedKeyAddressAndPortDecide() {
        var recorded = ServerIdentity.of(server("10.0.0.1", null, true));
        assertThat(ServerIdentity.same(recorded, ServerIdentity.of(server("10.0.0.1", KEY, false))))
                .as("pinning the key later is the same server")
                .isTrue();
        assertThat(ServerIdentity.same(recorded, ServerIdentity.of(server("10.0.0.2", null, true))))
                .isFalse();
        assertThat(ServerIdentity.key(recorded)).isEqualTo("10.0.0.1:22");
    }

    private static RdsPoolConfigSpec.Server server(String address, String hostKey, boolean insecure) {
        return new RdsPoolConfigSpec.Server(
                address,
                22,
                "admin",
                new RdsPoolConfigSpec.SecretKeyRef("rds-system", "rds-ssh", "id_ed25519"),
                hostKey,
                insecure,
                "10s",
                "30s");
    }
}
