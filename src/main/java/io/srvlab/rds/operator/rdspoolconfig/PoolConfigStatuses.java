package io.srvlab.rds.operator.rdspoolconfig;

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
import io.srvlab.rds.volume.Inventory;
import io.srvlab.rds.volume.ServerFacts;
import java.time.Clock;
import java.util.List;

/** The statuses an RdsPoolConfig can be given, built from what was observed; no I/O. */
public final class PoolConfigStatuses {
    private final Conditions conditions;

    PoolConfigStatuses(Clock clock) {
        this.conditions = new Conditions(clock);
    }

    public static RdsPoolConfigStatus current(RdsPoolConfig config) {
        return config.getStatus() != null ? config.getStatus() : RdsPoolConfigStatus.empty();
    }

    /** One look at the live pool and the health check: {@code facts} is null when the check failed. */
    record Observation(
            PoolService.Applied applied,
            PoolMetrics metrics,
            CircuitState circuit,
            ServerFacts facts,
            Failure probeFailure,
            RdsPoolConfigStatus.InventoryStatus inventory) {}

    /** How many names of each finding the status lists; the counts are complete. */
    static final int LISTED = 20;

    static RdsPoolConfigStatus.InventoryStatus inventory(Inventory inventory, Inventory.Findings findings) {
        return new RdsPoolConfigStatus.InventoryStatus(
                inventory.diskCount(),
                found(findings.orphanSlots()),
                found(findings.foreignSlots()),
                found(findings.detachedFiles()));
    }

    private static RdsPoolConfigStatus.Found found(List<String> all) {
        return new RdsPoolConfigStatus.Found(all.size(), List.copyOf(all.subList(0, Math.min(LISTED, all.size()))));
    }

    RdsPoolConfigStatus observed(RdsPoolConfig config, Observation seen) {
        RdsPoolConfigSpec spec = config.getSpec();
        RdsPoolConfigStatus previous = current(config);
        Condition reachable = reachable(seen);
        Condition circuitClosed = circuitClosed(seen.circuit());
        Condition ready = seen.facts() != null
                ? Conditions.of(
                        ConditionTypes.READY,
                        true,
                        Reasons.POOL_READY,
                        "Pool of up to " + spec.pool().maxSize() + " sessions is serving")
                : Conditions.of(ConditionTypes.READY, false, reachable.getReason(), reachable.getMessage());
        var server = seen.facts() == null
                ? previous.server()
                : new RdsPoolConfigStatus.ServerStatus(
                        seen.facts().identity(),
                        seen.facts().routerOsVersion(),
                        new RdsPoolConfigStatus.Capacity(
                                seen.facts().totalBytes(), seen.facts().freeBytes()),
                        seen.facts().hostKeyFingerprint());
        var observed = previous.withObservation(
                seen.circuit(),
                poolStatus(seen.metrics()),
                seen.applied().generation(),
                seen.applied().loadedAt().toString(),
                server,
                seen.inventory() == null ? previous.inventory() : seen.inventory());
        return withConditions(config, observed, List.of(ready, reachable, circuitClosed, hostKey(spec)));
    }

    private static Condition reachable(Observation seen) {
        return seen.facts() != null
                ? Conditions.of(
                        ConditionTypes.REACHABLE,
                        true,
                        Reasons.HEALTH_CHECK_PASSED,
                        "RouterOS " + seen.facts().routerOsVersion() + " answers as "
                                + seen.facts().identity())
                : Conditions.of(
                        ConditionTypes.REACHABLE,
                        false,
                        seen.probeFailure().reason(),
                        seen.probeFailure().message());
    }

    private static Condition circuitClosed(CircuitState circuit) {
        return circuit == CircuitState.CLOSED
                ? Conditions.of(ConditionTypes.CIRCUIT_CLOSED, true, Reasons.CLOSED, "Commands flow to the RDS")
                : Conditions.of(
                        ConditionTypes.CIRCUIT_CLOSED,
                        false,
                        circuit == CircuitState.OPEN ? Reasons.OPEN : Reasons.HALF_OPEN,
                        "The breaker stopped commands after repeated transport failures");
    }

    /** The current status with one more condition (a key problem, an invalid spec, deletion refused). */
    RdsPoolConfigStatus with(RdsPoolConfig config, Condition condition) {
        return withConditions(config, current(config), List.of(condition));
    }

    static Condition hostKey(RdsPoolConfigSpec spec) {
        if (Boolean.TRUE.equals(spec.server().insecureSkipHostKeyVerification())) {
            return Conditions.of(
                    ConditionTypes.HOST_KEY_VERIFIED,
                    false,
                    Reasons.INSECURE_SKIP_HOST_KEY_VERIFICATION,
                    "Any server that answers at " + spec.server().address()
                            + " is taken for the RDS (insecureSkipHostKeyVerification: true); pin spec.server.hostKey");
        }
        return Conditions.of(
                ConditionTypes.HOST_KEY_VERIFIED,
                true,
                Reasons.PINNED,
                "The RDS must present host key "
                        + ServerIdentity.fingerprint(spec.server().hostKey()));
    }

    static Condition inUse(List<String> users) {
        return Conditions.of(
                ConditionTypes.READY,
                false,
                Reasons.IN_USE,
                users.size() + " RdsVolume(s) still use this pool: "
                        + String.join(", ", users.subList(0, Math.min(5, users.size())))
                        + (users.size() > 5 ? ", …" : "") + ". Delete them first.");
    }

    static RdsPoolConfigStatus.PoolStatus poolStatus(PoolMetrics metrics) {
        return new RdsPoolConfigStatus.PoolStatus(
                metrics.connectionsCreated(),
                metrics.active(),
                metrics.idle(),
                metrics.pending(),
                metrics.maxSize(),
                metrics.errors(),
                metrics.circuitBreaks(),
                metrics.rateLimitHits(),
                metrics.averageWaitText(),
                metrics.toString());
    }

    private RdsPoolConfigStatus withConditions(RdsPoolConfig config, RdsPoolConfigStatus base, List<Condition> wanted) {
        long generation = PoolConfigFacts.generation(config);
        var list = base.conditions();
        for (Condition condition : wanted) {
            list = conditions.set(list, condition, generation);
        }
        return base.withConditions(generation, list);
    }
}
