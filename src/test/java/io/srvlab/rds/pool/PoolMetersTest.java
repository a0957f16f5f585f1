package io.srvlab.rds.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.srvlab.rds.routeros.RouterOsCommands;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PoolMetersTest {

    @Test
    void prometheusNamesAndRemovalOnClose() throws Exception {
        var prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var server = new FakeRouterOs();
        var settings = PoolFixture.settings();
        try (var registry = new PoolRegistry(e -> server, prometheus)) {
            RdsPool pool = registry.load("main", settings).pool();
            pool.run(RouterOsCommands.identity(), Instant.now().plusSeconds(5));
            String text = prometheus.scrape();
            assertThat(text)
                    .containsPattern("rds_pool_connections_active\\{pool=\"main\",?\\}")
                    .containsPattern("rds_pool_connections_idle\\{pool=\"main\",?\\}\\ 1\\.0")
                    .containsPattern("rds_pool_connections_pending\\{pool=\"main\",?\\}")
                    .containsPattern("rds_pool_connections_max\\{pool=\"main\",?\\}\\ 10\\.0")
                    .containsPattern("rds_pool_connections_created_total\\{pool=\"main\",?\\}\\ 1\\.0")
                    .containsPattern("rds_pool_connection_errors_total\\{pool=\"main\",?\\}")
                    .containsPattern("rds_pool_acquire_seconds_bucket\\{pool=\"main\"")
                    .contains("rds_command_seconds_bucket{command=\"system-identity\",outcome=\"ok\",pool=\"main\"")
                    .containsPattern("rds_pool_rate_limited_total\\{pool=\"main\",?\\}")
                    .containsPattern("rds_pool_circuit_breaks_total\\{pool=\"main\",?\\}")
                    .containsPattern("rds_pool_circuit_state\\{pool=\"main\",state=\"closed\",?\\}\\ 1\\.0")
                    .containsPattern("rds_pool_circuit_state\\{pool=\"main\",state=\"open\",?\\}\\ 0\\.0")
                    .containsPattern("rds_pool_circuit_state\\{pool=\"main\",state=\"half_open\",?\\}\\ 0\\.0")
                    .containsPattern(
                            "rds_command_seconds_count\\{command=\"system-identity\",outcome=\"ok\",pool=\"main\",?\\} 1\\.0");

            registry.remove("main");
            assertThat(prometheus.scrape()).doesNotContain("pool=\"main\"");

            RdsPool again = registry.load("main", settings).pool();
            assertThat(again).isNotSameAs(pool);
            assertThat(prometheus
                            .find("rds.pool.connections.max")
                            .tag("pool", "main")
                            .gauges())
                    .hasSize(1);
            assertThat(prometheus.scrape())
                    .containsPattern("rds_pool_connections_created_total\\{pool=\"main\",?\\}\\ 0\\.0");
        }
        assertThat(prometheus.getMeters()).isEmpty();
    }

    @Test
    void registryReconfiguresWhenSettingsDiffer() {
        var server = new FakeRouterOs();
        try (var registry = new PoolRegistry(e -> server, new SimpleMeterRegistry())) {
            RdsPool pool = registry.load("a", PoolFixture.settings()).pool();
            assertThat(registry.load("a", PoolFixture.settings()).changed()).isFalse();
            PoolRegistry.Loaded resized = registry.load(
                    "a", PoolFixture.builder().maxSize(20).maxIdle(5).build());
            assertThat(resized.changed()).isTrue();
            assertThat(resized.pool()).isSameAs(pool);
            assertThat(pool.metrics().maxSize()).isEqualTo(20);
            assertThat(registry.names()).containsExactly("a");
            registry.remove("a");
            assertThat(pool.isClosed()).isTrue();
            assertThat(registry.find("a")).isEmpty();
        }
    }
}
