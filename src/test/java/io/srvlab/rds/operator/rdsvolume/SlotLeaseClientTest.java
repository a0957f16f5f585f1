package io.srvlab.rds.operator.rdsvolume;

import static org.assertj.core.api.Assertions.assertThat;

import io.srvlab.rds.operator.rdspoolconfig.ServerIdentity;
import org.junit.jupiter.api.Test;

class SlotClaimsTest {
    private static final String KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb2xmw9ZQ3RdDn1oJLHrQXkKjq6xdkhW5hvVV0mNqY3 rds";
    private static final String OTHER_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHb2xmw9ZQ3RdDn1oJLHrQXkKjq6xdkhW5hvVV0mNqY3 rds";

    @Test
    void claimNamesAreValidLeaseNamesAndIgnoreCase() {
        String name = SlotLeaseClient.leaseName(ServerIdentity.fingerprint(KEY), "Data");
        assertThat(name).matches("[a-z0-9-]{1,63}");
        assertThat(SlotLeaseClient.leaseName(ServerIdentity.fingerprint(KEY), "data"))
                .isEqualTo(name);
        assertThat(SlotLeaseClient.leaseName(ServerIdentity.fingerprint(OTHER_KEY), "data"))
                .isNotEqualTo(name);
    }
}
