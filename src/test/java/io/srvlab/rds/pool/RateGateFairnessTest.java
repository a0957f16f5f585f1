package io.srvlab.rds.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gate's threads: a caller of a second tenant is served next but one, behind another tenant's queue. */
class RateGateFairnessTest {
    @Test
    void aSecondTenantIsNotQueuedBehindTheFirstTenantsBacklog() throws Exception {
        var settings = PoolFixture.builder().requestsPerSecond(20).burst(1).build();
        var gate = new RateGate(settings, PoolClock.SYSTEM);
        List<String> granted = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(21);
        try {
            assertThat(gate.acquire("a", 0)).isTrue(); // the burst
            long wait = Duration.ofSeconds(30).toNanos();
            for (int i = 0; i < 20; i++) {
                String name = "a-" + i;
                threads.submit(() -> gate.acquire("a", wait) && granted.add(name));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> gate.waiting() + granted.size() == 20);
            int before = granted.size();
            Future<Boolean> b = threads.submit(() -> gate.acquire("b", wait) && granted.add("b"));
            assertThat(b.get(20, TimeUnit.SECONDS)).isTrue();
            assertThat(granted.indexOf("b") - before)
                    .as("tokens handed out after b queued, before b's: %s", granted)
                    .isLessThanOrEqualTo(2);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aCallerPastItsDeadlineLeavesAndTheNextIsStillServed() throws Exception {
        var settings = PoolFixture.builder().requestsPerSecond(5).burst(1).build();
        var gate = new RateGate(settings, PoolClock.SYSTEM);
        assertThat(gate.acquire("a", 0)).isTrue();
        assertThat(gate.acquire("a", Duration.ofMillis(10).toNanos())).isFalse();
        assertThat(gate.waiting()).isZero();
        assertThat(gate.acquire("b", Duration.ofSeconds(5).toNanos())).isTrue();
    }
}
