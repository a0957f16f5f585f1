package io.srvlab.rds.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.srvlab.rds.routeros.RouterOsCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RdsPoolReconfigureTest {

    @Test
    void rateChangeKeepsTheTokensInTheBucket() throws Exception {
        var settings = PoolFixture.builder().requestsPerSecond(1).burst(20).build();
        try (var f = new PoolFixture(settings)) {
            for (int i = 0; i < 15; i++) {
                f.identity();
            }
            f.pool.reconfigure(
                    settings.toBuilder().requestsPerSecond(1).burst(40).build());
            // AS_IS: the ~5 left are kept, not reset to the new burst of 40
            int ok = 0;
            while (ok < 40) {
                try {
                    f.pool.run(RouterOsCommands.identity(), f.in(Duration.ZERO));
                    ok++;
                } catch (RateLimitedException e) {
                    break;
                }
            }
            assertThat(ok).isBetween(5, 7);
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.CLOSED);
        }
    }

    @Test
    void growingWakesWaiters() throws Exception {
        var settings = PoolFixture.builder().maxSize(1).maxIdle(1).build();
        try (var f = new PoolFixture(settings);
                var holder = new Holder(f.pool)) {
            holder.hold();
            ExecutorService t = Executors.newFixedThreadPool(2);
            Future<?> a = t.submit(() -> f.identity());
            Future<?> b = t.submit(() -> f.identity());
            await().atMost(Duration.ofSeconds(5)).until(() -> f.pool.metrics().pending() == 2);
            f.pool.reconfigure(settings.toBuilder().maxSize(3).maxIdle(3).build());
            a.get(5, TimeUnit.SECONDS);
            b.get(5, TimeUnit.SECONDS);
            t.shutdown();
        }
    }

    @Test
    void shrinkingClosesIdleNowAndSurplusActiveOnReturn() throws Exception {
        var settings = PoolFixture.builder().maxSize(4).maxIdle(4).build();
        try (var f = new PoolFixture(settings)) {
            List<Holder> holders = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Holder h = new Holder(f.pool);
                h.hold();
                holders.add(h);
            }
            holders.remove(0).close();
            holders.remove(0).close();
            assertThat(f.pool.metrics().idle()).isEqualTo(2);
            f.pool.reconfigure(settings.toBuilder().maxSize(1).maxIdle(1).build());
            assertThat(f.pool.metrics().idle()).isZero();
            assertThat(f.server().open).hasValue(2); // the two still leased keep working
            for (Holder h : holders) {
                h.close();
                assertThat(h.result()).isEqualTo("name: 127.0.0.1");
            }
            assertThat(f.server().open).hasValue(1);
            assertThat(f.pool.metrics().idle()).isEqualTo(1);
        }
    }

    @Test
    void thresholdChangeKeepsAnOpenBreakerOpen() throws Exception {
        var settings = PoolFixture.builder()
                .failureThreshold(2)
                .openDuration(Duration.ofSeconds(30))
                .halfOpenProbes(1)
                .build();
        try (var f = new PoolFixture(settings)) {
            openTheBreaker(f);
            Duration before = f.pool.remainingOpenTime().orElseThrow();

            f.pool.reconfigure(settings.toBuilder()
                    .failureThreshold(10)
                    .openDuration(Duration.ofSeconds(60))
                    .halfOpenProbes(3)
                    .build());
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.OPEN);
            Duration after = f.pool.remainingOpenTime().orElseThrow();
            // counted from the original opening, not restarted
            assertThat(after).isBetween(before.plusSeconds(29), before.plusSeconds(30));
            assertThatThrownBy(f::identity).isInstanceOf(CircuitOpenException.class);
            assertThat(f.pool.metrics().circuitBreaks()).isEqualTo(1);

            // 1 ms from the original opening: half-open at once, or (when this ran within that millisecond) open for
            // what is left of it; the next call is then a probe.
            f.pool.reconfigure(settings.toBuilder()
                    .failureThreshold(10)
                    .openDuration(Duration.ofMillis(1))
                    .halfOpenProbes(3)
                    .build());
            f.advance(Duration.ofMillis(1));
            assertThat(f.pool.circuitState() == CircuitState.HALF_OPEN
                            || f.pool.remainingOpenTime().orElseThrow().isZero())
                    .isTrue();
            f.server().down = false;
            for (int probe = 0; probe < 3; probe++) {
                f.identity();
                if (probe < 2) {
                    assertThat(f.pool.circuitState()).isEqualTo(CircuitState.HALF_OPEN);
                }
            }
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.CLOSED);
        }
    }

    @Test
    void aChangedServerOrKeyIsProbedAtOnceInsteadOfWaitingOutTheOpenBreaker() throws Exception {
        var settings = PoolFixture.builder()
                .failureThreshold(2)
                .openDuration(Duration.ofMinutes(5))
                .halfOpenProbes(1)
                .build();
        try (var f = new PoolFixture(settings)) {
            openTheBreaker(f);

            f.pool.reconfigure(
                    settings.toBuilder().openDuration(Duration.ofMinutes(6)).build());
            assertThat(f.pool.circuitState())
                    .as("a breaker setting alone waits")
                    .isEqualTo(CircuitState.OPEN);
            assertThatThrownBy(f::identity).isInstanceOf(CircuitOpenException.class);

            f.pool.reconfigure(settings.toBuilder()
                    .openDuration(Duration.ofMinutes(6))
                    .endpoint(PoolFixture.endpoint("127.0.0.2"))
                    .build());
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.HALF_OPEN);
            assertThat(f.identity().stdout())
                    .as("the probe reaches the new server")
                    .isEqualTo("name: 127.0.0.2");
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.CLOSED);
        }
    }

    @Test
    void thresholdChangeKeepsTheRunOfFailures() throws Exception {
        var settings = PoolFixture.builder()
                .failureThreshold(5)
                .openDuration(Duration.ofSeconds(30))
                .halfOpenProbes(1)
                .build();
        try (var f = new PoolFixture(settings)) {
            f.server().down = true;
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(f::identity).isNotInstanceOf(PoolException.class);
            }
            f.pool.reconfigure(settings.toBuilder()
                    .failureThreshold(4)
                    .openDuration(Duration.ofSeconds(30))
                    .halfOpenProbes(1)
                    .build());
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.CLOSED);
            assertThatThrownBy(f::identity).isNotInstanceOf(PoolException.class);
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.OPEN);
            assertThat(f.pool.metrics().circuitBreaks()).isEqualTo(1);
        }
    }

    @Test
    void endpointChangeDrainsOldSessionsWithoutFailingInFlightWork() throws Exception {
        var settings = PoolFixture.builder().maxSize(3).maxIdle(3).build();
        try (var f = new PoolFixture(settings)) {
            FakeRouterOs oldServer = f.server();
            f.identity();
            try (var inFlight = new Holder(f.pool)) {
                inFlight.hold();
                f.pool.reconfigure(settings.toBuilder()
                        .endpoint(PoolFixture.endpoint("127.0.0.2"))
                        .build());
                assertThat(oldServer.open).hasValue(1); // idle one closed, leased one still working
                assertThat(f.identity().stdout()).isEqualTo("name: 127.0.0.2");
                assertThat(oldServer.connectorClosed).isFalse();
                inFlight.close();
                assertThat(inFlight.result()).isEqualTo("name: 127.0.0.1");
            }
            assertThat(oldServer.open).hasValue(0);
            assertThat(oldServer.connectorClosed).isTrue();
            assertThat(f.identity().stdout()).isEqualTo("name: 127.0.0.2");
            assertThat(f.server("127.0.0.2").open).hasValue(1);
        }
    }

    /** Two transport failures in a row against a server that is down; the settings' threshold is 2. */
    private static void openTheBreaker(PoolFixture f) {
        f.server().down = true;
        assertThatThrownBy(f::identity).isNotInstanceOf(PoolException.class);
        assertThatThrownBy(f::identity).isNotInstanceOf(PoolException.class);
        assertThat(f.pool.circuitState()).isEqualTo(CircuitState.OPEN);
    }
}
