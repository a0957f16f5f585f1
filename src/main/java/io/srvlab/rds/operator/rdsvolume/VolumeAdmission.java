package io.srvlab.rds.operator.rdsvolume;

import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.operator.rdspoolconfig.PoolConfigFacts;
import io.srvlab.rds.operator.rdspoolconfig.PoolService;
import io.srvlab.rds.operator.rdspoolconfig.ServerIdentity;
import io.srvlab.rds.operator.storage.ClaimSizeBound;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.volume.VolumePlan;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides what a reconcile of an RdsVolume may do before any command is sent: wait for its pool config or pool, keep
 * a settled outcome while the pool comes up, refuse (its namespace, another RDS, its budget or claim), or work on the
 * disk. Work on a disk takes its slot's lease ({@link #lease}) before any command, and is refused when another volume
 * holds it.
 */
@Singleton
class VolumeAdmission {
    private static final Duration BLOCKED_RECHECK = Duration.ofSeconds(30);

    private static final Duration CLAIM_RECHECK = Duration.ofMinutes(1);

    private final PoolService pools;
    private final SlotLeases leases;
    private final SourceLookup sources;
    private final BudgetLedger budgets;
    private final ClaimSizeBound claimSize;
    private final Duration slotClaimRecheck;

    /**
     * {@code slotClaimRecheck}: when a volume refused for a slot another volume holds asks for the slot again (no
     * event wakes it when the holder goes).
     */
    VolumeAdmission(
            PoolService pools,
            SlotLeases leases,
            SourceLookup sources,
            BudgetLedger budgets,
            ClaimSizeBound claimSize,
            @ConfigProperty(name = "rds.volume.blocked-recheck", defaultValue = "30s") Duration slotClaimRecheck) {
        this.pools = pools;
        this.leases = leases;
        this.sources = sources;
        this.budgets = budgets;
        this.claimSize = claimSize;
        this.slotClaimRecheck = slotClaimRecheck;
    }

    /**
     * @param namespaceVolumes the RdsVolumes of the volume's namespace on its pool config: what its budget counts
     *     (looked up only when a budget applies)
     */
    Admission admit(RdsVolume volume, Optional<RdsPoolConfig> found, Supplier<List<RdsVolume>> namespaceVolumes) {
        if (found.isEmpty()) {
            return new Admission.Waiting(
                    Reasons.POOL_CONFIG_NOT_FOUND,
                    "RdsPoolConfig " + volume.getSpec().poolConfigName()
                            + " does not exist; the volume is created once it does",
                    null);
        }
        RdsPoolConfig config = found.get();
        Optional<Failure> refused = refusal(volume, config);
        if (refused.isPresent()) {
            return new Admission.Refused(refused.get(), Phase.Failed);
        }
        Optional<RdsPool> pool = pools.serving(config);
        if (pool.isEmpty()) {
            return waitForPool(volume, config);
        }
        SourceLookup.Found source = sources.resolve(volume, config, VolumePlans.of(volume, config));
        if (source instanceof SourceLookup.Stop stop) {
            return stop.admission();
        }
        VolumePlan plan = ((SourceLookup.Copy) source).plan();
        if (VolumeStatuses.isSettled(volume)) {
            return new Admission.Admitted(new VolumeWork(volume, config, pool.get(), plan, true));
        }
        if (!plan.expectsItsDisk() && config.getMetadata().getDeletionTimestamp() != null) {
            return new Admission.Waiting(
                    Reasons.POOL_CONFIG_TERMINATING,
                    "RdsPoolConfig " + config.getMetadata().getName() + " is being deleted and accepts no new volumes",
                    BLOCKED_RECHECK);
        }
        Optional<Failure> overBudget =
                grows(volume, plan) ? overBudget(volume, plan, config, namespaceVolumes) : Optional.empty();
        if (overBudget.isPresent()) {
            return new Admission.Refused(overBudget.get(), Phase.Failed);
        }
        return new Admission.Admitted(new VolumeWork(volume, config, pool.get(), plan, false));
    }

    /** Forgets what the volume booked against its namespace's budget: it is being deleted. */
    void release(RdsVolume volume) {
        budgets.forget(volume);
    }

    /** A create, or a size past the recorded capacity: what budgets and a claim bound. */
    private static boolean grows(RdsVolume volume, VolumePlan plan) {
        Long capacity = volume.getStatus() == null ? null : volume.getStatus().capacityBytes();
        return capacity == null ? !plan.expectsItsDisk() : plan.sizeBytes() > capacity;
    }

    private Optional<Failure> overBudget(
            RdsVolume volume, VolumePlan plan, RdsPoolConfig config, Supplier<List<RdsVolume>> namespaceVolumes) {
        Optional<String> pastClaim = claimSize.excess(volume, plan.sizeBytes());
        if (pastClaim.isPresent()) {
            return Optional.of(Failure.transientFor(Reasons.CLAIM_SIZE_EXCEEDED, pastClaim.get(), CLAIM_RECHECK));
        }
        return budgets.admit(volume, plan, config, namespaceVolumes);
    }

    /**
     * The slot's lease for admitted work on a disk, taken when its turn came (so a volume waiting for one writes
     * nothing). Looked at again soon when another volume holds the slot: the lease frees up when its holder goes.
     */
    Admission lease(VolumeWork work) {
        String slot = work.plan().slot();
        Optional<String> holder = leases.acquire(work.volume(), work.serverKey(), slot);
        if (holder.isEmpty()) {
            return new Admission.Admitted(work);
        }
        return new Admission.Refused(
                Failure.transientFor(
                                Reasons.SLOT_CLAIMED,
                                "Slot " + slot + " on this RDS is claimed by another RdsVolume; a slot belongs to one"
                                        + " RdsVolume at a time, and nothing was sent to the RDS",
                                slotClaimRecheck)
                        .withDetail("slot " + slot + " is claimed by " + holder.get()),
                Phase.Pending);
    }

    /**
     * No pool serves the config's server yet. After a start or fail-over it comes up shortly and nothing about a volume
     * that was Ready or Failed for its generation changed (also one an older operator made Ready); a lost disk stays
     * reported as lost. Others wait visibly.
     */
    private static Admission waitForPool(RdsVolume volume, RdsPoolConfig config) {
        if (VolumeStatuses.isSettledOutcomeForGeneration(volume)
                || VolumeStatuses.isDiskMissing(VolumeStatuses.current(volume))) {
            return new Admission.Holding(PoolConfigFacts.POOL_START_WAIT);
        }
        return new Admission.Waiting(
                Reasons.POOL_CONFIG_NOT_READY,
                "RdsPoolConfig " + config.getMetadata().getName() + " is not ready: "
                        + PoolConfigFacts.readyMessage(config),
                PoolConfigFacts.recheckWithoutPool(config, BLOCKED_RECHECK));
    }

    /** What refuses a volume before any command is sent: its namespace, or a pool config that now names another RDS. */
    static Optional<Failure> refusal(RdsVolume volume, RdsPoolConfig config) {
        String namespace = volume.getMetadata().getNamespace();
        String pool = config.getMetadata().getName();
        if (VolumePlans.history(volume) == VolumePlan.History.NEW
                && !VolumePlans.tenancy(config.getSpec()).allows(namespace)) {
            return Optional.of(Failure.permanent(
                    Reasons.NAMESPACE_NOT_ALLOWED,
                    "RdsPoolConfig " + pool + " does not let namespace " + namespace
                            + " use its RDS (spec.tenancy.namespaces); nothing was sent to the RDS"));
        }
        String hostName = volume.getSpec().allowedHostName();
        if (VolumePlans.history(volume) == VolumePlan.History.NEW
                && !VolumePlans.tenancy(config.getSpec())
                        .allowsHostName(
                                hostName, config.getSpec().volumeDefaults().allowedHostName())) {
            return Optional.of(Failure.permanent(
                    Reasons.HOST_NAME_NOT_ALLOWED,
                    "RdsPoolConfig " + pool + " does not let a volume export to host name " + hostName
                            + " (spec.tenancy.allowedHostNames); nothing was sent to the RDS"));
        }
        RdsVolumeStatus status = volume.getStatus();
        if (status != null && status.server() != null) {
            RdsVolumeStatus.Server now = ServerIdentity.of(config);
            if (!ServerIdentity.same(status.server(), now)) {
                return Optional.of(Failure.permanent(
                        Reasons.SERVER_CHANGED,
                        "The disk was provisioned on " + ServerIdentity.describe(status.server())
                                + " but RdsPoolConfig "
                                + pool + " now points at " + ServerIdentity.describe(now)
                                + "; nothing is created or changed there"));
            }
        }
        return Optional.empty();
    }
}
