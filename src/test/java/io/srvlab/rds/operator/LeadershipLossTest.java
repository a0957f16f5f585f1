package io.srvlab.rds.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeadershipLossTest {
    @Test
    void losingTheLeaseWhileRunningExits() {
        var exits = new AtomicInteger();
        new LeadershipLoss(() -> false, exits::incrementAndGet).run();
        assertThat(exits).hasValue(1);
    }

    @Test
    void stoppingToLeadDuringShutdownDoesNotExitAgain() {
        var exits = new AtomicInteger();
        new LeadershipLoss(() -> true, exits::incrementAndGet).run();
        assertThat(exits).hasValue(0);
    }

    @Test
    void aRunningJvmIsNotShuttingDown() {
        assertThat(LeadershipLoss.jvmShuttingDown()).isFalse();
    }

    @Test
    void josdkDoesNotExitByItself() {
        var config = LeaderElectionConfigProducer.create("l", java.util.Optional.empty(), () -> {});
        assertThat(config.isExitOnStopLeading()).isFalse();
        assertThat(config.getLeaderCallbacks()).isPresent();
    }

    @Test
    void whatOnlyTheLeaderRunsStartsWithLeading() {
        var started = new java.util.concurrent.atomic.AtomicBoolean();
        var config = LeaderElectionConfigProducer.create("l", java.util.Optional.empty(), () -> started.set(true));
        config.getLeaderCallbacks().orElseThrow().onStartLeading();
        assertThat(started).isTrue();
    }
}
