package io.srvlab.rds.operator.rdspoolconfig;

import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.common.Durations;
import io.srvlab.rds.volume.Inventories;
import java.time.Duration;
import java.util.Objects;

/** Values derived from an RdsPoolConfig that more than one reconciler needs. */
public final class PoolConfigFacts {
    /** How soon work that waits for a config's pool to come up in this process looks again at the latest. */
    public static final Duration POOL_START_WAIT = Duration.ofSeconds(5);

    private PoolConfigFacts() {}

    public static String readyMessage(RdsPoolConfig config) {
        if (config.getStatus() == null) {
            return "no status yet";
        }
        return Conditions.find(config.getStatus().conditions(), ConditionTypes.READY)
                .map(c -> c.getReason() + ": " + c.getMessage())
                .orElse("no Ready condition yet");
    }

    /**
     * When work that found no pool serving {@code config} in this process looks again. A status that already says
     * Ready (from before a restart or fail-over) does not change when this process's pool comes up, so no event would
     * wake the work: it looks again within {@link #POOL_START_WAIT}. Otherwise the config turning Ready wakes it.
     */
    public static Duration recheckWithoutPool(RdsPoolConfig config, Duration otherwise) {
        boolean readyFromBefore =
                Conditions.isTrue(PoolConfigStatuses.current(config).conditions(), ConditionTypes.READY);
        return readyFromBefore && POOL_START_WAIT.compareTo(otherwise) < 0 ? POOL_START_WAIT : otherwise;
    }

    /**
     * Time one reconcile may spend on RouterOS: waiting for a session and a token, then the command. Bounded by the
     * pool's acquire timeout plus two command timeouts (look-up, then change).
     */
    public static Duration commandBudget(RdsPoolConfigSpec spec) {
        return Durations.parse(spec.pool().acquireTimeout())
                .plus(Durations.parse(spec.server().commandTimeout()).multipliedBy(2));
    }

    /** The mount point (first path segment) that holds the pool's volume files. */
    static String mountPoint(RdsPoolConfigSpec spec) {
        String path = spec.volumeDefaults().basePath();
        int end = path.indexOf('/', 1);
        return end < 0 ? path.substring(1) : path.substring(1, end);
    }

    public static Inventories.Scope inventoryScope(RdsPoolConfigSpec spec) {
        return new Inventories.Scope(mountPoint(spec), spec.volumeDefaults().basePath());
    }

    public static long generation(RdsPoolConfig config) {
        return Objects.requireNonNullElse(config.getMetadata().getGeneration(), 0L);
    }

    public static Duration statusInterval(RdsPoolConfigSpec spec) {
        return Durations.parse(spec.statusInterval());
    }
}
