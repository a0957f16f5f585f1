package io.srvlab.rds.pool;

import io.github.bucket4j.Bucket;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Who gets the next rate-limit token: callers wait in one queue per tenant (a namespace), and the queues are served
 * round robin, one token each in turn, so a tenant with one command waiting is served within a round however many
 * another has queued. The bucket alone decides when a token is there. Not thread-safe: {@link RateGate} holds its lock.
 *
 * @param <W> a waiting caller
 */
final class FairTokens<W> {
    private final Bucket bucket;
    private final Map<String, ArrayDeque<W>> queues = new HashMap<>();
    /** Tenants with callers waiting, the one served next first. */
    private final ArrayDeque<String> turns = new ArrayDeque<>();

    FairTokens(Bucket bucket) {
        this.bucket = bucket;
    }

    /** A token at once for a caller when nobody waits (so nobody is overtaken); false when it has to queue. */
    boolean tryNow() {
        return turns.isEmpty() && bucket.tryConsume(1);
    }

    void enqueue(String tenant, W waiter) {
        queues.computeIfAbsent(tenant, t -> {
                    turns.addLast(t);
                    return new ArrayDeque<>();
                })
                .addLast(waiter);
    }

    /** A caller that stopped waiting (its deadline passed); true when it was still queued. */
    boolean remove(String tenant, W waiter) {
        ArrayDeque<W> queue = queues.get(tenant);
        if (queue == null || !queue.remove(waiter)) {
            return false;
        }
        if (queue.isEmpty()) {
            queues.remove(tenant);
            turns.remove(tenant);
        }
        return true;
    }

    /** The caller the next token goes to, or null when nobody waits. */
    W next() {
        String tenant = turns.peekFirst();
        return tenant == null ? null : queues.get(tenant).peekFirst();
    }

    /** Takes a token for the next caller if the bucket has one: that caller, dequeued; else null. */
    W grant() {
        String tenant = turns.peekFirst();
        if (tenant == null || !bucket.tryConsume(1)) {
            return null;
        }
        turns.removeFirst();
        ArrayDeque<W> queue = queues.get(tenant);
        W granted = queue.removeFirst();
        if (queue.isEmpty()) {
            queues.remove(tenant);
        } else {
            turns.addLast(tenant);
        }
        return granted;
    }

    /** How long until the bucket has a token again; 0 when it has one now. */
    long nanosToNextToken() {
        return bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    }

    int waiting() {
        return queues.values().stream().mapToInt(ArrayDeque::size).sum();
    }
}
