package io.srvlab.rds.operator.common;

import io.srvlab.rds.pool.CircuitOpenException;
import io.srvlab.rds.pool.PoolClosedException;
import io.srvlab.rds.pool.PoolException;
import io.srvlab.rds.pool.PoolExhaustedException;
import io.srvlab.rds.pool.RateLimitedException;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.volume.Refusal;
import io.srvlab.rds.volume.RefusedException;
import java.time.Duration;

/** Maps what the pool and RouterOS throw to condition reasons and a retry policy. */
public final class FailureClassifier {
    static final Duration MIN_BACKOFF = Duration.ofSeconds(2);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    /** The explicit request a lost disk needs; the same words stand in the docs. */
    static final String RECREATE_HINT = "To provision a new, EMPTY disk in its place (the lost disk's file, if still"
            + " on the RDS, is removed), set spec.recreateMissingDisk to the value of status.recreateToken (kubectl patch rdsvolume NAME --type merge -p \"{\\\"spec\\\":{\\\"recreateMissingDisk\\\":\\\"$(kubectl get rdsvolume NAME -o jsonpath='{.status.recreateToken}')\\\"}}\"); any other value asks for nothing";

    private FailureClassifier() {}

    /**
     * An open breaker hides what tripped it; a refused login or a wrong host key is named as the reason, because the
     * fix is the user's (the key Secret, the pinned host key), not waiting.
     */
    private static Failure circuitOpen(CircuitOpenException open) {
        String reason = Reasons.CIRCUIT_OPEN;
        String last = "";
        if (open.getCause() instanceof RouterOsException cause) {
            reason = switch (cause.kind()) {
                case AUTH_REJECTED -> Reasons.AUTH_FAILED;
                case HOST_KEY_MISMATCH -> Reasons.HOST_KEY_MISMATCH;
                default -> reason;
            };
            last = " (last: " + cause.getMessage() + ")";
        }
        return Failure.transientFor(
                reason,
                "The circuit breaker for this RDS is open after repeated connection failures" + last + "; retrying in "
                        + open.remainingOpenTime().toSeconds() + "s",
                max(open.remainingOpenTime(), MIN_BACKOFF));
    }

    /**
     * @param failingFor how long the resource has already been failing (from its condition), which stretches the
     *     backoff of transient failures.
     */
    public static Failure classify(Exception e, Duration failingFor) {
        if (interrupted(e)) {
            return Failure.interruption(describe(e));
        }
        Duration backoff = backoff(failingFor);
        return switch (e) {
            case CircuitOpenException open -> circuitOpen(open);
            case PoolExhaustedException exhausted ->
                Failure.transientFor(Reasons.POOL_EXHAUSTED, exhausted.getMessage(), backoff);
            case RateLimitedException limited ->
                Failure.transientFor(Reasons.RATE_LIMITED, limited.getMessage(), backoff);
            case PoolClosedException closed ->
                Failure.transientFor(Reasons.POOL_RELOADING, closed.getMessage(), backoff);
            case PoolException other -> Failure.transientFor(Reasons.POOL_UNAVAILABLE, other.getMessage(), backoff);
            case RouterOsException ros -> classify(ros, backoff);
            case RefusedException refused -> refused(refused);
            default -> throw new IllegalArgumentException("not an expected failure: " + describe(e), e);
        };
    }

    /** A wait that ended because the thread was interrupted (the operator is shutting down). */
    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException) {
                return !(t instanceof java.net.SocketTimeoutException);
            }
        }
        return false;
    }

    public static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static Failure refused(RefusedException e) {
        String message = e.getMessage();
        if (e.refusal() == Refusal.DiskMissing) {
            message += ". " + RECREATE_HINT;
        }
        return Failure.permanent(e.refusal().name(), message).withDetail(e.detail());
    }

    private static Failure classify(RouterOsException e, Duration backoff) {
        return switch (e.kind()) {
            case NOT_ENOUGH_SPACE -> Failure.permanent(Reasons.NOT_ENOUGH_SPACE, e.getMessage());
            case SLOT_CONFLICT -> Failure.permanent(Reasons.SLOT_CONFLICT, e.getMessage());
            case INVALID_VALUE -> Failure.permanent(Reasons.INVALID_SPEC, e.getMessage());
            case AUTH_REJECTED -> Failure.transientFor(Reasons.AUTH_FAILED, e.getMessage(), MAX_BACKOFF);
            case HOST_KEY_MISMATCH -> Failure.transientFor(Reasons.HOST_KEY_MISMATCH, e.getMessage(), MAX_BACKOFF);
            case TRANSPORT, TIMEOUT -> Failure.transientFor(Reasons.RDS_UNREACHABLE, e.getMessage(), backoff);
            case BUSY -> Failure.transientFor(Reasons.RDS_BUSY, e.getMessage(), backoff);
            case NOT_FOUND -> Failure.permanent(Reasons.NOT_FOUND, e.getMessage());
            case SYNTAX -> Failure.permanent(Reasons.COMMAND_REJECTED, e.getMessage());
            case UNPARSEABLE -> Failure.permanent(Reasons.UNEXPECTED_OUTPUT, e.getMessage());
            case FAILURE -> Failure.permanent(Reasons.COMMAND_FAILED, e.getMessage());
        };
    }

    /** Half the time already spent failing, within [2 s, 5 min]: roughly doubling waits without per-resource state. */
    public static Duration backoff(Duration failingFor) {
        Duration half = failingFor == null ? MIN_BACKOFF : failingFor.dividedBy(2);
        return max(MIN_BACKOFF, half.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : half);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
