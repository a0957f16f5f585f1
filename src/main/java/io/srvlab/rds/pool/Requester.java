package io.srvlab.rds.pool;

/**
 * Whom the RDS work on this thread is for (a namespace): the rate gate serves the waiting tenants of a pool in turn.
 * Work outside any scope (the operator's own) is one tenant of its own.
 */
public final class Requester {
    static final String OPERATOR = "";
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private Requester() {}

    /** Marks the work done until {@link Scope#close()} as {@code tenant}'s. */
    public static Scope of(String tenant) {
        String before = CURRENT.get();
        CURRENT.set(tenant);
        return () -> {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        };
    }

    static String current() {
        String tenant = CURRENT.get();
        return tenant == null ? OPERATOR : tenant;
    }

    /** Ends a {@link #of} scope; closing twice is harmless only in the order scopes were opened. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
