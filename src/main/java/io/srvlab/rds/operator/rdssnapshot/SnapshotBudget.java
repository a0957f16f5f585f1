package io.srvlab.rds.operator.rdssnapshot;

import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsSnapshotStatus;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps each namespace within {@code maxSnapshots} of its pool config ({@code spec.tenancy.limits}) before a snapshot
 * is taken. A namespace holds its RdsSnapshots taken on that pool config (a recorded RDS name) and those admitted here
 * and not yet recorded, so snapshots admitted at the same time cannot together pass the limit. Snapshots hold no bytes
 * of their own when taken (copy-on-write), so they do not count toward {@code maxSize}; volumes made from them do.
 */
@Singleton
class SnapshotBudget {
    /** Admitted and not yet recorded, by pool config and namespace: snapshot uids. */
    private final Map<String, Set<String>> booked = new HashMap<>();

    private final Duration recheck;

    /**
     * {@code recheck}: when a refused snapshot is looked at again (nothing re-reconciles it when another snapshot of
     * its namespace goes).
     */
    SnapshotBudget(@ConfigProperty(name = "rds.snapshot.budget-recheck", defaultValue = "30s") Duration recheck) {
        this.recheck = recheck;
    }

    Duration recheck() {
        return recheck;
    }

    /**
     * Empty, with the snapshot booked, when it fits (or is held already); else why not, with the numbers.
     *
     * @param snapshots every RdsSnapshot of the snapshot's namespace (the informer's cache), read only under a limit
     */
    synchronized Optional<String> admit(
            RdsSnapshot snapshot, RdsPoolConfig config, Supplier<? extends Collection<RdsSnapshot>> snapshots) {
        String namespace = snapshot.getMetadata().getNamespace();
        Long limit = limit(config.getSpec(), namespace);
        if (limit == null) {
            return Optional.empty(); // nothing is counted without a limit
        }
        String pool = config.getMetadata().getName();
        Collection<RdsSnapshot> namespaceSnapshots = snapshots.get();
        Set<String> bookings = bookings(pool, namespace, namespaceSnapshots);
        String uid = snapshot.getMetadata().getUid();
        if (holds(snapshot, pool, bookings)) {
            return Optional.empty();
        }
        long used = namespaceSnapshots.stream()
                .filter(other -> !uid.equals(other.getMetadata().getUid()))
                .filter(other -> holds(other, pool, bookings))
                .count();
        if (used + 1 > limit) {
            return Optional.of("Namespace " + namespace + " is over its budget on RdsPoolConfig " + pool
                    + " (spec.tenancy.limits) — RdsSnapshots: " + used + " used, 1 requested, limit " + limit
                    + "; nothing was sent to the RDS");
        }
        bookings.add(uid);
        return Optional.empty();
    }

    private static Long limit(RdsPoolConfigSpec spec, String namespace) {
        if (spec.tenancy() == null || spec.tenancy().limits() == null) {
            return null;
        }
        return spec.tenancy().limits().forNamespace(namespace).maxSnapshots();
    }

    /** Taken on this pool config (it has a name on the RDS), or admitted and not recorded yet. */
    private static boolean holds(RdsSnapshot snapshot, String pool, Set<String> bookings) {
        RdsSnapshotStatus status = snapshot.getStatus();
        boolean taken = status != null && status.rdsName() != null && pool.equals(status.poolConfigName());
        return taken || bookings.contains(snapshot.getMetadata().getUid());
    }

    /** The namespace's bookings on the pool config, without those of snapshots that are gone. */
    private Set<String> bookings(String pool, String namespace, Collection<RdsSnapshot> namespaceSnapshots) {
        Set<String> bookings = booked.computeIfAbsent(pool + "/" + namespace, k -> new HashSet<>());
        Set<String> live =
                namespaceSnapshots.stream().map(s -> s.getMetadata().getUid()).collect(Collectors.toSet());
        bookings.retainAll(live);
        return bookings;
    }
}
