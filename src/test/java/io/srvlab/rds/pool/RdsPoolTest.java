package io.srvlab.rds.pool;

import static io.srvlab.rds.pool.PoolFixture.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.srvlab.rds.routeros.RouterOsCommands;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RdsPoolTest {

    @Test
    void reusesOneSessionForSequentialCommands() throws Exception {
        try (var f = new PoolFixture(PoolFixture.settings())) {
            for (int i = 0; i < 50; i++) {
                assertThat(f.identity().stdout()).isEqualTo("name: 127.0.0.1");
            }
            assertThat(f.server().connects).hasValue(1);
            assertThat(f.pool.metrics().idle()).isEqualTo(1);
            assertThat(f.pool.metrics().active()).isZero();
        }
    }

    @Test
    void businessErrorKeepsSessionAndBreakerClosed() throws Exception {
        try (var f = new PoolFixture(PoolFixture.settings().withBreaker(2, Duration.ofSeconds(30), 1))) {
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> f.pool.execute(
                                s -> {
                                    throw new RouterOsException(Kind.NOT_ENOUGH_SPACE, "not enough space");
                                },
                                in(Duration.ofSeconds(5))))
                        .isInstanceOf(RouterOsException.class);
            }
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.CLOSED);
            assertThat(f.server().connects).hasValue(1);
            assertThat(f.pool.metrics().errors()).isZero();
        }
    }

    @Test
    void transportFailureDiscardsTheSession() throws Exception {
        try (var f = new PoolFixture(PoolFixture.settings())) {
            f.identity();
            f.server().killSessions();
            assertThatThrownBy(f::identity)
                    .isInstanceOf(RouterOsException.class)
                    .matches(e -> ((RouterOsException) e).isTransportFailure());
            assertThat(f.server().open).hasValue(0);
            f.identity();
            assertThat(f.server().connects).hasValue(2);
            assertThat(f.pool.metrics().errors()).isEqualTo(1);
        }
    }

    @Test
    void breakerOpensAfterThresholdRejectsWithoutTouchingServerThenRecovers() throws Exception {
        var settings = PoolSettings.defaults(PoolFixture.ENDPOINT)
                .withRate(1000, 1000)
                .withBreaker(3, Duration.ofMillis(300), 1);
        try (var f = new PoolFixture(settings)) {
            f.server().down = true;
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(f::identity).isInstanceOf(RouterOsException.class);
                assertThat(f.pool.circuitState()).isEqualTo(CircuitState.CLOSED);
            }
            assertThatThrownBy(f::identity).isInstanceOf(RouterOsException.class);
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.OPEN);
            int connects = f.server().connects.get();
            assertThatThrownBy(f::identity)
                    .isInstanceOf(CircuitOpenException.class)
                    .satisfies(e -> assertThat(((CircuitOpenException) e).remainingOpenTime())
                            .isPositive()
                            .isLessThanOrEqualTo(Duration.ofMillis(300)))
                    .cause()
                    .as("the failure that tripped the breaker")
                    .isInstanceOf(RouterOsException.class);
            assertThat(f.server().connects).hasValue(connects);
            assertThat(f.pool.remainingOpenTime()).isPresent();
            assertThat(f.pool.metrics().circuitBreaks()).isEqualTo(1);

            f.server().down = false;
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() ->
                            assertThat(f.pool.remainingOpenTime().orElseThrow()).isZero());
            f.identity();
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.CLOSED);
            assertThat(f.pool.remainingOpenTime()).isEmpty();
        }
    }

    @Test
    void halfOpenLetsExactlyTheProbesThrough() throws Exception {
        var settings = PoolSettings.defaults(PoolFixture.ENDPOINT)
                .withRate(1000, 1000)
                .withBreaker(1, Duration.ofMillis(200), 2);
        try (var f = new PoolFixture(settings)) {
            f.server().down = true;
            assertThatThrownBy(f::identity).isInstanceOf(RouterOsException.class);
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.OPEN);
            f.server().down = false;
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> f.pool.remainingOpenTime().orElseThrow().isZero());

            CountDownLatch probesIn = new CountDownLatch(2);
            CountDownLatch letGo = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            List<Future<String>> probes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                probes.add(threads.submit(() -> f.pool.execute(
                        s -> {
                            probesIn.countDown();
                            Holder.awaitLatch(letGo);
                            return s.exec(RouterOsCommands.identity(), Duration.ofSeconds(1))
                                    .stdout();
                        },
                        in(Duration.ofSeconds(10)))));
            }
            assertThat(probesIn.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.HALF_OPEN);
            int connects = f.server().connects.get();
            assertThatThrownBy(f::identity).isInstanceOf(CircuitOpenException.class);
            assertThat(f.server().connects).hasValue(connects);
            letGo.countDown();
            for (Future<String> p : probes) {
                assertThat(p.get(10, TimeUnit.SECONDS)).isEqualTo("name: 127.0.0.1");
            }
            threads.shutdown();
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.CLOSED);
        }
    }

    @Test
    void exhaustedAfterAcquireTimeout() throws Exception {
        var settings = PoolFixture.settings().withSize(1, 1).withAcquireTimeout(Duration.ofMillis(200));
        try (var f = new PoolFixture(settings);
                var holder = new Holder(f.pool)) {
            holder.hold();
            long start = System.nanoTime();
            assertThatThrownBy(f::identity).isInstanceOf(PoolExhaustedException.class);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).isBetween(190L, 3_000L);
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.CLOSED);
        }
    }

    @Test
    void deadlineShorterThanAcquireTimeoutWins() throws Exception {
        var settings = PoolFixture.settings().withSize(1, 1);
        try (var f = new PoolFixture(settings);
                var holder = new Holder(f.pool)) {
            holder.hold();
            long start = System.nanoTime();
            assertThatThrownBy(() -> f.pool.run(RouterOsCommands.identity(), in(Duration.ofMillis(300))))
                    .isInstanceOf(PoolExhaustedException.class);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).isBetween(250L, 3_000L);
        }
    }

    @Test
    void rateLimitQueuesCallersAndCountsHits() throws Exception {
        var settings = PoolFixture.settings().withRate(5, 1);
        try (var f = new PoolFixture(settings)) {
            f.identity();
            long start = System.nanoTime();
            f.identity(); // waits ~200 ms for the next token instead of failing
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).isGreaterThanOrEqualTo(100L);
            assertThat(f.pool.metrics().rateLimitHits()).isEqualTo(1);
            assertThatThrownBy(() -> f.pool.run(RouterOsCommands.identity(), in(Duration.ofMillis(10))))
                    .isInstanceOf(RateLimitedException.class);
            assertThat(f.pool.metrics().rateLimitHits()).isEqualTo(2);
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.CLOSED);
        }
    }

    @Test
    void keepsAtMostMaxIdleSessions() throws Exception {
        var settings = PoolFixture.settings().withSize(4, 1);
        try (var f = new PoolFixture(settings)) {
            try (var a = new Holder(f.pool);
                    var b = new Holder(f.pool);
                    var c = new Holder(f.pool)) {
                a.hold();
                b.hold();
                c.hold();
                assertThat(f.pool.metrics().active()).isEqualTo(3);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> f.pool.metrics().active() == 0);
            assertThat(f.pool.metrics().idle()).isEqualTo(1);
            assertThat(f.server().open).hasValue(1);
        }
    }

    @Test
    void idleSessionsExpireAndStaleOnesAreValidated() throws Exception {
        var settings = PoolFixture.settings().withIdleTimeout(Duration.ofMinutes(5));
        try (var f = new PoolFixture(settings)) {
            f.identity();
            int before = f.server().commands.get();
            f.identity(); // within the validation window: no extra command
            assertThat(f.server().commands.get() - before).isEqualTo(1);

            f.advanceIdleClock(Duration.ofSeconds(10));
            before = f.server().commands.get();
            f.identity(); // idle past the window: one validation command first
            assertThat(f.server().commands.get() - before).isEqualTo(2);
            assertThat(f.server().connects).hasValue(1);

            f.advanceIdleClock(Duration.ofSeconds(10));
            f.server().killSessions(); // broken while idle: detected by validation and replaced
            f.identity();
            assertThat(f.server().connects).hasValue(2);
            assertThat(f.pool.circuitState()).isEqualTo(CircuitState.CLOSED);

            f.advanceIdleClock(Duration.ofMinutes(6));
            assertThat(f.pool.evictIdleNow()).isEqualTo(1);
            assertThat(f.server().open).hasValue(0);
            assertThat(f.pool.metrics().idle()).isZero();
        }
    }

    @Test
    void housekeepingClosesExpiredSessionsOnItsOwn() throws Exception {
        var settings = PoolFixture.settings().withIdleTimeout(Duration.ofMillis(100));
        try (var f = new PoolFixture(settings)) {
            f.identity();
            f.advanceIdleClock(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> f.server().open.get() == 0);
        }
    }

    @Test
    void closeDrainsFailsWaitersAndLeaksNothing() throws Exception {
        var settings = PoolFixture.settings().withSize(1, 1);
        var f = new PoolFixture(settings);
        var holder = new Holder(f.pool);
        holder.hold();
        ExecutorService t = Executors.newSingleThreadExecutor();
        Future<?> waiter = t.submit(() -> f.identity());
        await().atMost(Duration.ofSeconds(5)).until(() -> f.pool.metrics().pending() == 1);
        Thread closer = Thread.ofVirtual().start(f.pool::close);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(() -> waiter.get())
                .hasCauseInstanceOf(PoolClosedException.class));
        assertThat(closer.isAlive()).isTrue(); // still draining the held lease
        holder.close(); // the in-flight operation finishes normally
        closer.join(Duration.ofSeconds(5));
        assertThat(closer.isAlive()).isFalse();
        assertThat(holder.result()).isEqualTo("name: 127.0.0.1");
        assertThat(f.server().open).hasValue(0);
        assertThat(f.server().connectorClosed).isTrue();
        assertThat(f.pool.liveSessions()).isZero();
        assertThatThrownBy(f::identity).isInstanceOf(PoolClosedException.class);
        t.shutdown();
    }

    @Test
    void metricsSummaryHasTheStatusFormat() {
        var m = new PoolMetrics(42, 3, 2, 0, 10, 1, 0, 5, Duration.ofMillis(12), CircuitState.CLOSED);
        assertThat(m.toString())
                .isEqualTo(
                        "Connections(total=42, active=3, idle=2) Errors=1 CircuitBreaks=0 RateLimitHits=5 AvgWait=12ms");
        assertThat(m.averageWaitText()).isEqualTo("12ms");
    }

    @Test
    void settingsAreValidated() {
        var ok = PoolFixture.settings();
        assertThatThrownBy(() -> ok.withSize(2, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ok.withSize(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ok.withRate(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ok.withRate(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ok.withIdleTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ok.withBreaker(0, Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerEndpoint("h", 22, "u", null, null, false, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ServerEndpoint("h", 22, "u", "SECRET", "ssh-ed25519 AAAA", false, Duration.ofSeconds(1))
                        .toString())
                .doesNotContain("SECRET");
        var d = PoolSettings.defaults(PoolFixture.ENDPOINT);
        assertThat(d.maxSize()).isEqualTo(10);
        assertThat(d.maxIdle()).isEqualTo(5);
        assertThat(d.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.acquireTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.requestsPerSecond()).isEqualTo(10);
        assertThat(d.burst()).isEqualTo(20);
        assertThat(d.failureThreshold()).isEqualTo(5);
        assertThat(d.openDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.halfOpenProbes()).isEqualTo(1);
    }
}
