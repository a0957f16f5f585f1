package io.srvlab.rds.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaderElectionConfigProducerTest {
    @Test
    void leaseInThePodNamespace() {
        var config = LeaderElectionConfigProducer.create("rds-operator-lease", Optional.of("rds-system"), () -> {});
        assertThat(config.getLeaseName()).isEqualTo("rds-operator-lease");
        assertThat(config.getLeaseNamespace()).contains("rds-system");
    }

    @Test
    void withoutPodNamespaceJosdkInfersIt() {
        assertThat(LeaderElectionConfigProducer.create("l", Optional.empty(), () -> {})
                        .getLeaseNamespace())
                .isEmpty();
        assertThat(LeaderElectionConfigProducer.create("l", Optional.of("  "), () -> {})
                        .getLeaseNamespace())
                .isEmpty();
    }
}
