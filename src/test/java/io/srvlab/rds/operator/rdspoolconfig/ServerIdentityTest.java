package io.srvlab.rds.operator.rdspoolconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsPoolConfigStatus;
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

    /**
     * Issue 20, finding 10: without pinning, the key the RDS presented (recorded in the config's status) keys slot
     * claims, so two configs reaching one RDS by two addresses share them; before a look, address and port do.
     */
    @Test
    void withoutPinningThePresentedKeyDecidesOnceSeen() {
        String presented = ServerIdentity.fingerprint(KEY);
        var byAddress = config(server("10.0.0.1", null, true), presented);
        var byName = config(server("rds.example.com", null, true), presented);
        assertThat(ServerIdentity.key(ServerIdentity.of(byAddress)))
                .isEqualTo(ServerIdentity.key(ServerIdentity.of(byName)))
                .isEqualTo(presented);
        assertThat(ServerIdentity.key(ServerIdentity.of(config(server("10.0.0.1", null, true), null))))
                .as("not looked at yet")
                .isEqualTo("10.0.0.1:22");
        assertThat(ServerIdentity.of(config(server("10.0.0.1", OTHER_KEY, false), presented))
                        .hostKeyFingerprint())
                .as("a pinned key wins over what a status says")
                .isEqualTo(ServerIdentity.fingerprint(OTHER_KEY));
        assertThat(ServerIdentity.same(
                        ServerIdentity.of(byAddress),
                        ServerIdentity.of(
                                config(server("10.0.0.1", null, true), ServerIdentity.fingerprint(OTHER_KEY)))))
                .as("another appliance at the same address")
                .isFalse();
    }

    private static RdsPoolConfig config(RdsPoolConfigSpec.Server server, String presented) {
        var config = new RdsPoolConfig();
        config.setSpec(new RdsPoolConfigSpec(server, null, null, null, null, null, null));
        if (presented != null) {
            config.setStatus(RdsPoolConfigStatus.empty()
                    .withObservation(
                            null,
                            null,
                            1L,
                            "2026-12-07T00:00:00Z",
                            new RdsPoolConfigStatus.ServerStatus("RDS", "7.16", null, presented),
                            null));
        }
        return config;
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
