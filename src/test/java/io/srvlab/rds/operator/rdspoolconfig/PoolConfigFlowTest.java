package io.srvlab.rds.operator.rdspoolconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigStatus;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.common.RecordingEvents;
import io.srvlab.rds.routeros.RouterOsClient;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedSession;
import io.srvlab.rds.simulator.SimulatorKeys;
import io.srvlab.rds.volume.Inventories;
import io.srvlab.rds.volume.VolumeOperations;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whole reconciles of an RdsPoolConfig over an in-memory RDS: the key is read, the pool applied, the server probed,
 * the status built, the transitions announced; a key that goes away closes the pool.
 */
class PoolConfigFlowTest {
    private static final String NAME = "rds-main";

    private final RouterOsSimulator simulator =
            new RouterOsSimulator("127.0.0.1", 0, SimulatorKeys.ed25519(), List.of(), null);
    private final Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    private final RecordingEvents events = new RecordingEvents(clock);
    private final PoolService pools = new PoolService(
            new SimpleMeterRegistry(),
            clock,
            target -> SimulatedSession.connector(simulator, SimulatedSession.WIDE_CONSOLE_LOGIN));
    private final RdsPoolConfigReconciler reconciler;
    private final RdsPoolConfig config = InMemoryPools.poolConfig(
            NAME, SimulatorKeys.publicKeyLine(SimulatorKeys.ed25519().getPublic()));

    PoolConfigFlowTest() {
        var operations = new VolumeOperations(new RouterOsClient(Duration.ofSeconds(5)));
        var probe = new ServerProbe(
                operations, new Inventories(operations), new InventoryGauge(new SimpleMeterRegistry(), clock), clock);
        reconciler =
                new RdsPoolConfigReconciler(pools, probe, new PoolConfigAnnouncer(events, pools), clock, "rds-system");
    }

    @AfterEach
    void close() {
        pools.close(NAME);
    }

    @Test
    void aConfigWithItsKeyServesAndShowsTheServer() {
        simulator.rds().identity("rds-lab");

        UpdateControl<RdsPoolConfig> control = reconcile(Optional.of(keySecret()));

        RdsPoolConfigStatus status = config.getStatus();
        assertThat(control.isPatchStatus()).isTrue();
        assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(30).toMillis());
        assertThat(Conditions.isTrue(status.conditions(), ConditionTypes.READY)).isTrue();
        assertThat(Conditions.isTrue(status.conditions(), ConditionTypes.REACHABLE))
                .isTrue();
        assertThat(status.server().identity()).isEqualTo("rds-lab");
        assertThat(status.appliedGeneration()).isEqualTo(1L);
        assertThat(status.inventory().disks()).isZero();
        assertThat(events.reasons()).containsExactlyInAnyOrder("PoolReady", "Closed");
        assertThat(pools.serving(config)).isPresent();
    }

    @Test
    void aKeyThatGoesAwayClosesThePool() {
        reconcile(Optional.of(keySecret()));
        assertThat(pools.applied(NAME)).isPresent();

        reconcile(Optional.empty());

        assertThat(Conditions.find(config.getStatus().conditions(), ConditionTypes.READY))
                .hasValueSatisfying(ready -> assertThat(ready.getReason()).isEqualTo("SecretNotFound"));
        assertThat(pools.applied(NAME)).isEmpty();
        assertThat(pools.serving(config)).isEmpty();
    }

    /** One reconcile; a status it patches becomes the config's, as the API server would make it. */
    private UpdateControl<RdsPoolConfig> reconcile(Optional<Secret> secret) {
        UpdateControl<RdsPoolConfig> control = reconciler.reconcile(config, context(secret));
        control.getResource().ifPresent(patched -> config.setStatus(patched.getStatus()));
        return control;
    }

    @SuppressWarnings("unchecked")
    private static Context<RdsPoolConfig> context(Optional<Secret> secret) {
        return (Context<RdsPoolConfig>) Proxy.newProxyInstance(
                Context.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getSecondaryResource" -> args[0] == Secret.class ? secret : Optional.empty();
                    case "getSecondaryResources" -> Set.of();
                    default -> throw new UnsupportedOperationException("not faked: " + method);
                });
    }

    private static Secret keySecret() {
        return new SecretBuilder()
                .withNewMetadata()
                .withNamespace("rds-system")
                .withName("rds-ssh")
                .endMetadata()
                .addToStringData("id_ed25519", SimulatorKeys.privateKeyText(SimulatorKeys.ed25519()))
                .build();
    }
}
