package io.srvlab.rds.operator.rdsvolume;

import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.operator.common.Failure;
import io.srvlab.rds.operator.common.Reasons;
import io.srvlab.rds.volume.VolumePlan;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps each namespace within its budget on a pool config ({@code spec.tenancy.limits}) before a create or grow sends
 * anything. A namespace holds its volumes that have a disk (their recorded capacity) and those admitted here and not
 * yet recorded (what they were admitted for): so volumes admitted at the same time cannot together pass a limit. What
 * one admission books is forgotten with its volume.
 */
@Singleton
class BudgetLedger {
    /** Per pool config: bytes booked by volume uid. */
    private final Map<String, Map<String, Long>> booked = new HashMap<>();

    private final Duration recheck;

    /** {@code recheck}: when a volume over its namespace's budget is looked at again (others may have gone). */
    BudgetLedger(@ConfigProperty(name = "rds.volume.blocked-recheck", defaultValue = "30s") Duration recheck) {
        this.recheck = recheck;
    }

    /**
     * Empty with the volume's size booked when it fits (or nothing grows); else the {@code QuotaExceeded} failure.
     *
     * @param poolVolumes every RdsVolume of the pool config, of every namespace (the informer's cache)
     */
    synchronized Optional<Failure> admit(
            RdsVolume volume, VolumePlan plan, RdsPoolConfig config, Collection<RdsVolume> poolVolumes) {
        String namespace = volume.getMetadata().getNamespace();
        NamespaceBudget budget = NamespaceBudget.of(VolumePlans.tenancy(config.getSpec()), namespace);
        Map<String, Long> bookings = bookings(config, poolVolumes);
        String uid = volume.getMetadata().getUid();
        NamespaceBudget.Holding self = held(volume, null);
        NamespaceBudget.Holding added =
                new NamespaceBudget.Holding(self.volumes() == 0 ? 1 : 0, Math.max(0, plan.sizeBytes() - self.bytes()));
        if (added.isNone()) {
            return Optional.empty();
        }
        NamespaceBudget.Holding used = self;
        for (RdsVolume other : poolVolumes) {
            if (namespace.equals(other.getMetadata().getNamespace())
                    && !uid.equals(other.getMetadata().getUid())) {
                used = used.plus(held(other, bookings.get(other.getMetadata().getUid())));
            }
        }
        Optional<String> refusal = budget.refusal(used, added);
        if (refusal.isPresent()) {
            return Optional.of(Failure.transientFor(
                    Reasons.QUOTA_EXCEEDED,
                    "Namespace " + namespace + " is over its budget on RdsPoolConfig "
                            + config.getMetadata().getName() + " (spec.tenancy.limits) — " + refusal.get()
                            + "; nothing was sent to the RDS",
                    recheck));
        }
        bookings.merge(uid, plan.sizeBytes(), Math::max);
        return Optional.empty();
    }

    /** The pool config's bookings, without those of volumes that are gone. */
    private Map<String, Long> bookings(RdsPoolConfig config, Collection<RdsVolume> poolVolumes) {
        Map<String, Long> bookings = booked.computeIfAbsent(config.getMetadata().getName(), n -> new HashMap<>());
        Set<String> live =
                poolVolumes.stream().map(v -> v.getMetadata().getUid()).collect(Collectors.toSet());
        bookings.keySet().retainAll(live);
        return bookings;
    }

    /** A volume with a disk holds one volume and its recorded capacity (or what it was booked for, if more). */
    private static NamespaceBudget.Holding held(RdsVolume volume, Long booking) {
        RdsVolumeStatus status = volume.getStatus();
        Long capacity = status == null || status.server() == null ? null : status.capacityBytes();
        if (capacity == null && booking == null) {
            return NamespaceBudget.Holding.NONE;
        }
        return new NamespaceBudget.Holding(1, Math.max(capacity == null ? 0 : capacity, booking == null ? 0 : booking));
    }
}
