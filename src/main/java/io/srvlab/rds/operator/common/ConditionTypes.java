package io.srvlab.rds.operator.common;

/** The condition types the operator writes. */
public final class ConditionTypes {
    public static final String READY = "Ready";
    public static final String REACHABLE = "Reachable";
    public static final String CIRCUIT_CLOSED = "CircuitClosed";
    public static final String HOST_KEY_VERIFIED = "HostKeyVerified";
    /** On an RdsVolume that asks for one: what became of its PersistentVolume (its phase, or what is wrong). */
    public static final String PERSISTENT_VOLUME = "PersistentVolume";

    private ConditionTypes() {}
}
