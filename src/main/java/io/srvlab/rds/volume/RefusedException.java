package io.srvlab.rds.volume;

/** The operator refused to act on the RDS for a volume; nothing was changed there. */
public final class RefusedException extends Exception {
    private final Refusal refusal;

    public RefusedException(Refusal refusal, String message) {
        super(message, null, false, false);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
