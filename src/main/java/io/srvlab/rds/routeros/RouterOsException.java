package io.srvlab.rds.routeros;

/** A failure talking to RouterOS, classified so callers know whether a retry can help. */
public class RouterOsException extends Exception {

    public enum Kind {
        /** Connection refused or lost, channel failure, unexpected EOF. */
        TRANSPORT(true, true),
        /** Connect, auth or command timeout. */
        TIMEOUT(true, true),
        /** Server rejected our credentials. */
        AUTH_REJECTED(false, true),
        /** Server host key does not match the pinned key. */
        HOST_KEY_MISMATCH(false, true),
        /** The device is busy or the operation is in progress; retry later. */
        BUSY(true, false),
        /** The referenced item does not exist ({@code no such item}). */
        NOT_FOUND(false, false),
        NOT_ENOUGH_SPACE(false, false),
        /** A value was refused by RouterOS or by our own allow-list before sending. */
        INVALID_VALUE(false, false),
        /** The slot exists with other properties, or a duplicate entry. */
        SLOT_CONFLICT(false, false),
        /** The device did not understand the command (bad command name, syntax error). */
        SYNTAX(false, false),
        /** Any other {@code failure: …}. */
        FAILURE(false, false),
        /** Output we could not parse. */
        UNPARSEABLE(false, false);

        private final boolean retryable;
        private final boolean transportFailure;

        Kind(boolean retryable, boolean transportFailure) {
            this.retryable = retryable;
            this.transportFailure = transportFailure;
        }
    }

    private final Kind kind;

    public RouterOsException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RouterOsException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether retrying the same command later can succeed. */
    public boolean isRetryable() {
        return kind.retryable;
    }

    /**
     * Whether the failure is about reaching or authenticating to the server (counts for the circuit breaker, and the
     * session must be discarded) rather than RouterOS refusing a command.
     */
    public boolean isTransportFailure() {
        return kind.transportFailure;
    }
}
