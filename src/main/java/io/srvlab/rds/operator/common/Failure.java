package io.srvlab.rds.operator.common;

import java.time.Duration;

/**
 * Why a reconcile could not finish, as users read it in a condition. {@code retryAfter} is empty for permanent
 * failures (no hot retry; a spec change or the slow recheck retries them). An interrupted wait is its own outcome:
 * the operator is stopping, so nothing is recorded. {@code detail} is for the operator's log and namespace only: what
 * the volume's users may not read (another tenant's names); null when the message says it all.
 */
public record Failure(String reason, String message, boolean permanent, Duration retryAfter, String detail) {
    static final String INTERRUPTED = "Interrupted";

    public static Failure permanent(String reason, String message) {
        return new Failure(reason, message, true, null, null);
    }

    public static Failure transientFor(String reason, String message, Duration retryAfter) {
        return new Failure(reason, message, false, retryAfter, null);
    }

    static Failure interruption(String message) {
        return new Failure(INTERRUPTED, message, false, Duration.ZERO, null);
    }

    public Failure withDetail(String detail) {
        return new Failure(reason, message, permanent, retryAfter, detail);
    }

    public boolean interrupted() {
        return INTERRUPTED.equals(reason);
    }
}
