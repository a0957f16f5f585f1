package io.srvlab.rds.routeros;

/** A failure talking to RouterOS, by kind; what each kind means for retrying is decided in one place above this layer. */
public class RouterOsException extends Exception {

    public enum Kind {
        /** Connection refused or lost, channel failure, unexpected EOF. */
        TRANSPORT(true),
        /** Connect, auth or command timeout. */
        TIMEOUT(true),
        /** Server rejected our credentials. */
        AUTH_REJECTED(true),
        /** Server host key does not match the pinned key. */
        HOST_KEY_MISMATCH(true),
        /** The device is busy or the operation is in progress; retry later. */
        BUSY(false),
        /** The referenced item does not exist ({@code no such item}). */
        NOT_FOUND(false),
        NOT_ENOUGH_SPACE(false),
        /** A value was refused by RouterOS or by our own allow-list before sending. */
        INVALID_VALUE(false),
        /** The slot exists with other properties, or a duplicate entry. */
        SLOT_CONFLICT(false),
        /** The device did not understand the command (bad command name, syntax error). */
        SYNTAX(false),
        /** Any other {@code failure: …}. */
        FAILURE(false),
        /** Output we could not parse. */
        UNPARSEABLE(false);

        private final boolean transportFailure;

        Kind(boolean transportFailure) {
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

    /**
     * Whether the failure is about reaching or authenticating to the server (counts for the circuit breaker, and the
     * session must be discarded) rather than RouterOS refusing a command.
     */
    public boolean isTransportFailure() {
        return kind.transportFailure;
    }
}
