package io.srvlab.rds.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.srvlab.rds.routeros.RouterOsCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** The operator's own reads of a server go ahead of queued volume work and take no rate-limit token. */
class LaneTest {

    @Test
    void anOperationAheadTakesTheNextFreeSessionBeforeEveryoneInLine() throws Exception {
        var settings = PoolFixture.builder().maxSize(1).maxIdle(1).build();
        Queue<String> order = new ConcurrentLinkedQueue<>();
        try (var f = new PoolFixture(settings);
                var holder = new Holder(f.pool)) {
            holder.hold();
            List<Thread> waiting = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String name = "in-line-" + i;
                waiting.add(Thread.ofVirtual().start(() -> run(f, Lane.IN_LINE, name, order)));
                await().until(() -> f.pool.metrics().pending() == waiting.size());
            }
            waiting.add(Thread.ofVirtual().start(() -> run(f, Lane.AHEAD, "ahead", order)));
            await().until(() -> f.pool.metrics().pending() == 4);
            holder.close();
            for (Thread t : waiting) {
                t.join(Duration.ofSeconds(30));
            }
        }
        assertThat(order).containsExactly("ahead", "in-line-0", "in-line-1", "in-line-2");
    }

    @Test
    void anOperationAheadTakesNoRateLimitToken() throws Exception {
        var settings = PoolFixture.builder().requestsPerSecond(1).burst(1).build();
        try (var f = new PoolFixture(settings)) {
            f.identity(); // the only token
            assertThatThrownBy(() -> f.pool.run(RouterOsCommands.identity(), f.in(Duration.ofMillis(10))))
                    .isInstanceOf(RateLimitedException.class);
            long hits = f.pool.metrics().rateLimitHits();
            for (int i = 0; i < 5; i++) {
                f.pool.execute(
                        s -> s.exec(RouterOsCommands.identity(), Duration.ofSeconds(5)),
                        f.in(Duration.ofMillis(10)),
                        Lane.AHEAD);
            }
            assertThat(f.pool.metrics().rateLimitHits()).isEqualTo(hits);
        }
    }

    private static void run(PoolFixture f, Lane lane, String name, Queue<String> order) {
        try {
            f.pool.execute(
                    s -> {
                        order.add(name);
                        return s.exec(RouterOsCommands.identity(), Duration.ofSeconds(5));
                    },
                    f.in(Duration.ofSeconds(30)),
                    lane);
        } catch (Exception e) {
            order.add(name + " failed: " + e);
        }
    }
}
