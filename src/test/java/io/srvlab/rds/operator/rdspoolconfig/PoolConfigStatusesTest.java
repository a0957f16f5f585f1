package io.srvlab.rds.operator.rdspoolconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsPoolConfigStatus;
import io.srvlab.rds.api.RdsPoolConfigStatus.CircuitState;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.pool.PoolMetrics;
import io.srvlab.rds.volume.ServerFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Status of an RdsPoolConfig, without a cluster. */
class PoolConfigStatusesTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private final PoolConfigStatuses statuses = new PoolConfigStatuses(Clock.fixed(T0, ZoneOffset.UTC));

    @Test
    void aPassingHealthCheckMakesThePoolReadyWithTheServersFacts() {
        var config = config(false);
        var status = statuses.observed(config, seen(CircuitState.CLOSED, facts(), null));
        assertThat(condition(status, ConditionTypes.READY).getReason()).isEqualTo(Reasons.POOL_READY);
        assertThat(condition(status, ConditionTypes.REACHABLE).getMessage()).isEqualTo("RouterOS 7.16 answers as RDS");
        assertThat(condition(status, ConditionTypes.CIRCUIT_CLOSED).getStatus()).isEqualTo(Condition.TRUE);
        assertThat(condition(status, ConditionTypes.HOST_KEY_VERIFIED).getReason())
                .isEqualTo(Reasons.PINNED);
        assertThat(status.server().capacity()).isEqualTo(new RdsPoolConfigStatus.Capacity(100L, 40L));
        assertThat(status.appliedGeneration()).isEqualTo(3);
        assertThat(status.observedGeneration()).isEqualTo(3);
    }

    @Test
    void aFailedCheckNamesItsReasonAndKeepsTheLastKnownServer() {
        var config = config(false);
        config.setStatus(statuses.observed(config, seen(CircuitState.CLOSED, facts(), null)));
        var refused = Failure.transientFor("AuthFailed", "key refused", Duration.ofMinutes(5));
        var status = statuses.observed(config, seen(CircuitState.OPEN, null, refused));
        assertThat(condition(status, ConditionTypes.READY).getReason()).isEqualTo("AuthFailed");
        assertThat(condition(status, ConditionTypes.CIRCUIT_CLOSED).getReason()).isEqualTo(Reasons.OPEN);
        assertThat(status.server().identity()).isEqualTo("RDS");
    }

    @Test
    void theSameLookTwiceIsTheSameStatus() {
        var config = config(false);
        config.setStatus(statuses.observed(config, seen(CircuitState.CLOSED, facts(), null)));
        assertThat(statuses.observed(config, seen(CircuitState.CLOSED, facts(), null)))
                .isEqualTo(config.getStatus());
    }

    @Test
    void insecureModeIsAFalseHostKeyCondition() {
        var status = statuses.observed(config(true), seen(CircuitState.CLOSED, facts(), null));
        var hostKey = condition(status, ConditionTypes.HOST_KEY_VERIFIED);
        assertThat(hostKey.getStatus()).isEqualTo(Condition.FALSE);
        assertThat(hostKey.getReason()).isEqualTo(Reasons.INSECURE_SKIP_HOST_KEY_VERIFICATION);
    }

    @Test
    void inUseNamesAtMostFiveVolumes() {
        var users = IntStream.range(0, 7).mapToObj(i -> "apps/v" + i).toList();
        assertThat(PoolConfigStatuses.inUse(users).getMessage())
                .startsWith("7 RdsVolume(s) still use this pool: apps/v0, apps/v1, apps/v2, apps/v3, apps/v4, …");
    }

    private static PoolConfigStatuses.Observation seen(CircuitState circuit, ServerFacts facts, Failure failure) {
        var metrics = new PoolMetrics(1, 0, 1, 0, 10, 0, 0, 0, Duration.ofMillis(3), null);
        var applied = new PoolService.Applied(null, 3, T0);
        return new PoolConfigStatuses.Observation(applied, metrics, circuit, facts, failure, null);
    }

    private static ServerFacts facts() {
        return new ServerFacts("RDS", "7.16", "SHA256:seen", 100L, 40L);
    }

    private static Condition condition(RdsPoolConfigStatus status, String type) {
        return Conditions.find(status.conditions(), type).orElseThrow();
    }

    private static RdsPoolConfig config(boolean insecure) {
        var config = new RdsPoolConfig();
        config.setMetadata(
                new ObjectMetaBuilder().withName("main").withGeneration(3L).build());
        config.setSpec(new RdsPoolConfigSpec(
                new RdsPoolConfigSpec.Server(
                        "10.0.0.1",
                        22,
                        "admin",
                        new RdsPoolConfigSpec.SecretKeyRef("rds-system", "rds-ssh", "id_ed25519"),
                        insecure ? null : "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb2 rds",
                        insecure,
                        "10s",
                        "30s"),
                new RdsPoolConfigSpec.Pool(10, 5, "5m", "30s"),
                null,
                null,
                null,
                "30s",
                null));
        return config;
    }
}
