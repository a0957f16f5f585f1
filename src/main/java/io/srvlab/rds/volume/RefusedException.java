package io.srvlab.rds.volume;

/**
 * The operator refused to act on the RDS for a volume; nothing was changed there. The message is for the volume's
 * users and names nothing of other tenants; {@link #detail()} says whose disk or file it was, for the operator's log.
 */
public final class RefusedException extends Exception {
    private final Refusal refusal;
    private final String detail;

    public RefusedException(Refusal refusal, String message) {
        this(refusal, message, null);
    }

    public RefusedException(Refusal refusal, String message, String detail) {
        super(message, null, false, false);
        this.refusal = refusal;
        this.detail = detail;
    }

    public Refusal refusal() {
        return refusal;
    }

    /** What the operator's administrators may see and the volume's users may not (another tenant's names); or null. */
    public String detail() {
        return detail;
    }
}
