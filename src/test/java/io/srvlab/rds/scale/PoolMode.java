package io.srvlab.rds.scale;

/**
 * One pool configuration to benchmark. {@code maxIdle 0} keeps no session after use, so a lease that finds nobody
 * waiting closes its connection and the next lease opens a new one; a lease returned while another caller waits is
 * handed to that caller (SessionStore.release), which is why the no-pool mode sets {@code maxSize} above the
 * operator's reconcile concurrency: nobody ever queues, and every lease is its own SSH connection.
 */
record PoolMode(String name, int maxSize, int maxIdle) {
    PoolMode {
        if (!name.matches("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?")) {
            // it becomes part of a namespace name
            throw new IllegalArgumentException("mode name must be lower-case letters, digits and '-': " + name);
        }
    }

    static final PoolMode POOL = new PoolMode("pool", 10, 10);
    static final PoolMode NO_POOL = new PoolMode("no-pool", 100, 0);

    /** {@code pool}, {@code no-pool}, or {@code name:maxSize:maxIdle}. */
    static PoolMode parse(String text) {
        return switch (text) {
            case "pool" -> POOL;
            case "no-pool" -> NO_POOL;
            default -> {
                String[] parts = text.split(":");
                if (parts.length != 3) {
                    throw new IllegalArgumentException("mode must be pool, no-pool or name:maxSize:maxIdle: " + text);
                }
                yield new PoolMode(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
        };
    }

    /** Sessions that can hold a command at the same time: the pool's bound or the operator's reconcile threads. */
    int concurrency(int reconcileThreads) {
        return Math.min(maxSize, reconcileThreads);
    }
}
