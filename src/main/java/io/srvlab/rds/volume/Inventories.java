package io.srvlab.rds.volume;

import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.routeros.RouterOsException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The latest {@link Inventory} of each pool, read at most once at a time per pool: whoever needs one while a read runs
 * waits for that read instead of starting another, so the checks of a thousand volumes after a restart cost one read.
 * An inventory counts only for the server and base path it was read from.
 */
public final class Inventories {
    private final VolumeOperations operations;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public Inventories(VolumeOperations operations) {
        this.operations = operations;
    }

    /** Where on the server a pool's volumes live. */
    public record Scope(String mountPoint, String basePath) {}

    private record Taken(Inventory inventory, Object endpoint, Scope scope) {}

    private static final class Entry {
        volatile Taken latest;
        CompletableFuture<Taken> reading;
    }

    /** The latest inventory if it is from this server and scope and at most {@code maxAge} old, else a new one. */
    public Inventory current(String name, RdsPool pool, Scope scope, Duration maxAge, Instant deadline)
            throws PoolException, RouterOsException {
        Entry entry = entries.computeIfAbsent(name, n -> new Entry());
        Taken latest = entry.latest;
        if (latest != null
                && matches(latest, pool, scope)
                && !latest.inventory().takenAt().plus(maxAge).isBefore(Instant.now())) {
            return latest.inventory();
        }
        return read(entry, pool, scope, deadline);
    }

    /** A new inventory (or the one being read right now). */
    public Inventory fresh(String name, RdsPool pool, Scope scope, Instant deadline)
            throws PoolException, RouterOsException {
        return read(entries.computeIfAbsent(name, n -> new Entry()), pool, scope, deadline);
    }

    /** The last inventory read for the pool, whatever its age. */
    public Optional<Inventory> latest(String name) {
        Entry entry = entries.get(name);
        return Optional.ofNullable(entry == null ? null : entry.latest).map(Taken::inventory);
    }

    public void forget(String name) {
        entries.remove(name);
    }

    private Inventory read(Entry entry, RdsPool pool, Scope scope, Instant deadline)
            throws PoolException, RouterOsException {
        CompletableFuture<Taken> reading;
        boolean mine = false;
        synchronized (entry) {
            if (entry.reading == null) {
                entry.reading = new CompletableFuture<>();
                mine = true;
            }
            reading = entry.reading;
        }
        if (mine) {
            try {
                Object endpoint = pool.settings().endpoint();
                Inventory inventory = operations.inventory(pool, scope.mountPoint(), scope.basePath(), deadline);
                Taken taken = new Taken(inventory, endpoint, scope);
                entry.latest = taken;
                reading.complete(taken);
            } catch (PoolException | RouterOsException | RuntimeException e) {
                reading.completeExceptionally(e);
            } finally {
                synchronized (entry) {
                    entry.reading = null;
                }
            }
        }
        Taken taken;
        try {
            taken = reading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RouterOsException(RouterOsException.Kind.TIMEOUT, "interrupted while reading the inventory", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case PoolException p -> throw p;
                case RouterOsException r -> throw r;
                case RuntimeException r -> throw r;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
        if (!matches(taken, pool, scope)) {
            // joined a read of another server or path (an edit landed meanwhile): read again for this one
            return read(entry, pool, scope, deadline);
        }
        return taken.inventory();
    }

    private static boolean matches(Taken taken, RdsPool pool, Scope scope) {
        return taken.scope().equals(scope)
                && Objects.equals(taken.endpoint(), pool.settings().endpoint());
    }
}
