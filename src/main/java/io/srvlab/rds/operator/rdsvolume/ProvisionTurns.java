package io.srvlab.rds.operator.rdsvolume;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How many volumes of one namespace are provisioned at once on one pool config: at most a share each, the others wait
 * their turn in order, without holding a reconcile thread. A freed turn is handed to the namespace's next waiting
 * volume (which is then woken); one not taken up within {@link #HANDOFF_TTL} (its volume went) lapses. So one
 * namespace's batch cannot fill every reconcile thread while another namespace's single volume waits for one.
 */
final class ProvisionTurns {
    static final Duration HANDOFF_TTL = Duration.ofSeconds(30);

    private record Queue(String pool, String namespace) {}

    private static final class Turns {
        final Set<ResourceID> holding = new LinkedHashSet<>();
        final Map<ResourceID, Instant> handedOff = new LinkedHashMap<>();
        final Set<ResourceID> waiting = new LinkedHashSet<>();

        boolean idle() {
            return holding.isEmpty() && handedOff.isEmpty() && waiting.isEmpty();
        }
    }

    private final Map<Queue, Turns> queues = new HashMap<>();

    /** True when the volume holds a turn now (taken, or handed to it); else it waits in line. */
    synchronized boolean take(String pool, ResourceID volume, int share, Instant now) {
        Turns turns =
                queues.computeIfAbsent(new Queue(pool, volume.getNamespace().orElse("")), q -> new Turns());
        turns.handedOff.values().removeIf(at -> !at.plus(HANDOFF_TTL).isAfter(now));
        if (turns.holding.contains(volume) || turns.handedOff.remove(volume) != null) {
            turns.holding.add(volume);
            turns.waiting.remove(volume);
            return true;
        }
        if (turns.holding.size() + turns.handedOff.size() < share) { // free (a hand-off lapsed): whoever asks
            turns.waiting.remove(volume);
            turns.holding.add(volume);
            return true;
        }
        turns.waiting.add(volume);
        return false;
    }

    /** The volume's turn ends; the namespace's next waiting volume, handed the turn, is returned to be woken. */
    synchronized Optional<ResourceID> release(String pool, ResourceID volume, Instant now) {
        Queue key = new Queue(pool, volume.getNamespace().orElse(""));
        Turns turns = queues.get(key);
        if (turns == null || !turns.holding.remove(volume)) {
            return Optional.empty();
        }
        return handOn(key, turns, now);
    }

    /**
     * The volume needs no turn (it was deleted, or its reconcile found it provisioned or waiting for something else): it
     * leaves the line, and a turn it held or was handed goes to the next, returned to be woken. A turn handed to a
     * volume whose reconcile ran on a cache from before its own provisioning would otherwise stay unused until it
     * lapses.
     */
    synchronized Optional<ResourceID> forget(String pool, ResourceID volume, Instant now) {
        Queue key = new Queue(pool, volume.getNamespace().orElse(""));
        Turns turns = queues.get(key);
        if (turns == null) {
            return Optional.empty();
        }
        turns.waiting.remove(volume);
        boolean handed = turns.handedOff.remove(volume) != null;
        boolean held = turns.holding.remove(volume);
        if (handed || held) {
            return handOn(key, turns, now);
        }
        if (turns.idle()) {
            queues.remove(key);
        }
        return Optional.empty();
    }

    private Optional<ResourceID> handOn(Queue key, Turns turns, Instant now) {
        Optional<ResourceID> next = turns.waiting.stream().findFirst();
        next.ifPresent(id -> {
            turns.waiting.remove(id);
            turns.handedOff.put(id, now);
        });
        if (turns.idle()) {
            queues.remove(key);
        }
        return next;
    }

    synchronized int waiting(String pool, String namespace) {
        Turns turns = queues.get(new Queue(pool, namespace));
        return turns == null ? 0 : turns.waiting.size();
    }
}
