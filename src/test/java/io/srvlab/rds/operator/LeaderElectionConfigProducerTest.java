package io.srvlab.rds.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

    @Test
    void leaseTimingsAreJosdksUnlessConfigured() {
        var defaults = LeaderElectionConfigProducer.create("l", Optional.empty(), () -> {});
        assertThat(defaults.getLeaseDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.getRenewDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.getRetryPeriod()).isEqualTo(Duration.ofSeconds(2));

        var timings = new LeaseTimings(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofSeconds(1));
        var configured = LeaderElectionConfigProducer.create("l", Optional.empty(), timings, () -> {});
        assertThat(configured.getLeaseDuration()).isEqualTo(Duration.ofSeconds(6));
        assertThat(configured.getRenewDeadline()).isEqualTo(Duration.ofSeconds(4));
        assertThat(configured.getRetryPeriod()).isEqualTo(Duration.ofSeconds(1));
    }
}
