package io.srvlab.rds.operator.rdspoolconfig;

import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigStatus;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.common.EventReasons;
import io.srvlab.rds.operator.common.EventRecorder;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * What a pool config's new status is worth telling: an event when Ready or CircuitClosed changed its reason, a Warning
 * when the host key is no longer verified (and the gauge that says so), a Warning when more orphan disks turn up.
 */
@Singleton
class PoolConfigAnnouncer {
    private static final List<String> ANNOUNCED_CONDITIONS =
            List.of(ConditionTypes.READY, ConditionTypes.CIRCUIT_CLOSED);

    private final EventRecorder events;
    private final PoolService pools;

    PoolConfigAnnouncer(EventRecorder events, PoolService pools) {
        this.events = events;
        this.pools = pools;
    }

    void transitions(RdsPoolConfig config, RdsPoolConfigStatus status) {
        events.transitions(
                config, PoolConfigStatuses.current(config).conditions(), status.conditions(), ANNOUNCED_CONDITIONS);
    }

    /** After a look at the server: besides the transitions, the host-key mode and new orphans. */
    void observed(RdsPoolConfig config, RdsPoolConfigStatus status) {
        hostKeyMode(config, status);
        orphans(config, status);
        transitions(config, status);
    }

    /** A Warning event whenever the inventory finds more orphan disks than the status showed before. */
    private void orphans(RdsPoolConfig config, RdsPoolConfigStatus status) {
        if (status.inventory() == null) {
            return;
        }
        var before = PoolConfigStatuses.current(config).inventory();
        int was = before == null ? 0 : before.orphans().count();
        var now = status.inventory().orphans();
        if (now.count() > was) {
            events.warning(
                    config,
                    EventReasons.ORPHANS_FOUND,
                    now.count() + " disk(s) under "
                            + config.getSpec().volumeDefaults().basePath()
                            + " carry this pool config's owner marker but their RdsVolume is gone: "
                            + String.join(", ", now.items())
                            + (now.count() > now.items().size() ? ", …" : "")
                            + ". They are left as they are; see status.inventory.");
        }
    }

    /** Insecure host-key mode is a gauge, and a Warning event when the condition first says so. */
    private void hostKeyMode(RdsPoolConfig config, RdsPoolConfigStatus status) {
        Condition now = Conditions.find(status.conditions(), ConditionTypes.HOST_KEY_VERIFIED)
                .orElseThrow();
        boolean skipped = !Condition.TRUE.equals(now.getStatus());
        pools.hostKeyVerification(config.getMetadata().getName(), skipped);
        boolean wasSkipped = Conditions.find(
                        PoolConfigStatuses.current(config).conditions(), ConditionTypes.HOST_KEY_VERIFIED)
                .map(c -> !Condition.TRUE.equals(c.getStatus()))
                .orElse(false);
        if (skipped && !wasSkipped) {
            events.warning(config, now.getReason(), now.getMessage());
        }
    }
}
