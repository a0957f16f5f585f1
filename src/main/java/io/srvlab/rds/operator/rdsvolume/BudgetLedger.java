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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Keeps each namespace within its budget on a pool config ({@code spec.tenancy.limits}) before a create or grow sends
 * anything. A namespace holds its volumes that have a disk (their recorded capacity) and those admitted here and not
 * yet recorded (what they were admitted for): so volumes admitted at the same time cannot together pass a limit.
 *
 * <p>An admission is a reservation: a volume admitted for a size is admitted again for it without a recount (it
 * waits for its turn, or is retried), until it goes; a limit lowered meanwhile applies to what is admitted next, as a
 * lowered ResourceQuota does. That keeps a reconcile of an admitted volume O(1), and a first admission O(volumes of
 * its namespace on the pool config); without a limit nothing is counted or kept at all.
 */
@Singleton
class BudgetLedger {
    static final Duration RECHECK = Duration.ofSeconds(30);

    /** Bytes booked by volume uid, per pool config and namespace. */
    private final Map<Tenant, Map<String, Long>> booked = new HashMap<>();

    private record Tenant(String poolConfig, String namespace) {
        static Tenant of(RdsVolume volume) {
            return new Tenant(
                    volume.getSpec().poolConfigName(), volume.getMetadata().getNamespace());
        }
    }

    /**
     * Empty with the volume's size booked when it fits (or nothing grows); else the {@code QuotaExceeded} failure.
     *
     * @param namespaceVolumes the RdsVolumes of the volume's namespace on its pool config (the informer's cache),
     *     asked for only when there is something to count
     */
    synchronized Optional<Failure> admit(
            RdsVolume volume, VolumePlan plan, RdsPoolConfig config, Supplier<List<RdsVolume>> namespaceVolumes) {
        String namespace = volume.getMetadata().getNamespace();
        NamespaceBudget budget = NamespaceBudget.of(VolumePlans.tenancy(config.getSpec()), namespace);
        Tenant tenant = Tenant.of(volume);
        String uid = volume.getMetadata().getUid();
        if (budget.unlimited()) {
            forget(tenant, uid);
            return Optional.empty();
        }
        Map<String, Long> bookings = booked.computeIfAbsent(tenant, t -> new HashMap<>());
        if (bookings.getOrDefault(uid, -1L) >= plan.sizeBytes()) {
            return Optional.empty();
        }
        NamespaceBudget.Holding self = held(volume, null);
        NamespaceBudget.Holding added =
                new NamespaceBudget.Holding(self.volumes() == 0 ? 1 : 0, Math.max(0, plan.sizeBytes() - self.bytes()));
        if (added.isNone()) {
            return Optional.empty();
        }
        List<RdsVolume> others = namespaceVolumes.get();
        retainLive(bookings, others, uid);
        Optional<String> refusal = budget.refusal(self.plus(heldByOthers(volume, others, bookings)), added);
        if (refusal.isPresent()) {
            return Optional.of(Failure.transientFor(
                    Reasons.QUOTA_EXCEEDED,
                    "Namespace " + namespace + " is over its budget on RdsPoolConfig "
                            + config.getMetadata().getName() + " (spec.tenancy.limits) — " + refusal.get()
                            + "; nothing was sent to the RDS",
                    RECHECK));
        }
        bookings.merge(uid, plan.sizeBytes(), Math::max);
        return Optional.empty();
    }

    private static NamespaceBudget.Holding heldByOthers(
            RdsVolume volume, List<RdsVolume> others, Map<String, Long> bookings) {
        String namespace = volume.getMetadata().getNamespace();
        String uid = volume.getMetadata().getUid();
        NamespaceBudget.Holding used = NamespaceBudget.Holding.NONE;
        for (RdsVolume other : others) {
            String otherUid = other.getMetadata().getUid();
            if (namespace.equals(other.getMetadata().getNamespace()) && !uid.equals(otherUid)) {
                used = used.plus(held(other, bookings.get(otherUid)));
            }
        }
        return used;
    }

    /** Drops what the volume booked: it is gone (or going). */
    synchronized void forget(RdsVolume volume) {
        forget(Tenant.of(volume), volume.getMetadata().getUid());
    }

    private void forget(Tenant tenant, String uid) {
        Map<String, Long> bookings = booked.get(tenant);
        if (bookings != null) {
            bookings.remove(uid);
            if (bookings.isEmpty()) {
                booked.remove(tenant);
            }
        }
    }

    /** Forgets bookings of volumes that are gone (a deletion whose clean-up this process never saw). */
    private static void retainLive(Map<String, Long> bookings, Collection<RdsVolume> live, String admitting) {
        if (bookings.isEmpty()) {
            return;
        }
        Set<String> uids = live.stream().map(v -> v.getMetadata().getUid()).collect(Collectors.toSet());
        uids.add(admitting);
        bookings.keySet().retainAll(uids);
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
