package io.srvlab.rds.operator.common;

/**
 * Condition types and the reasons the operator writes, in one place. Permanent ownership refusals come from {@link
 * io.srvlab.rds.volume.Refusal} (their names are reasons too); RouterOS and pool failures are named in {@link
 * FailureClassifier}.
 */
public final class Reasons {
    // condition types
    public static final String READY = "Ready";
    public static final String REACHABLE = "Reachable";
    public static final String CIRCUIT_CLOSED = "CircuitClosed";
    public static final String HOST_KEY_VERIFIED = "HostKeyVerified";

    // RdsVolume
    public static final String PROVISIONED = "Provisioned";
    public static final String ADOPTED = "Adopted";
    public static final String RECREATED = "Recreated";
    public static final String POOL_CONFIG_NOT_FOUND = "PoolConfigNotFound";
    public static final String POOL_CONFIG_NOT_READY = "PoolConfigNotReady";
    public static final String POOL_CONFIG_TERMINATING = "PoolConfigTerminating";
    public static final String SLOT_CLAIMED = "SlotClaimed";
    public static final String NAMESPACE_NOT_ALLOWED = "NamespaceNotAllowed";
    public static final String SERVER_CHANGED = "ServerChanged";
    public static final String DELETION_BLOCKED = "DeletionBlocked";
    public static final String DRIFT_CHECK_FAILED = "DriftCheckFailed";
    public static final String RECONCILE_ERROR = "ReconcileError";
    public static final String NOT_ENOUGH_SPACE = "NotEnoughSpace";
    public static final String EXPORT_REPAIRED = "ExportRepaired";

    // events on deletion
    public static final String DELETED = "Deleted";
    public static final String RETAINED = "Retained";
    public static final String RELEASED = "Released";
    public static final String LEFT_ALONE = "LeftAlone";

    // RdsPoolConfig
    public static final String POOL_READY = "PoolReady";
    public static final String HEALTH_CHECK_PASSED = "HealthCheckPassed";
    public static final String CLOSED = "Closed";
    public static final String OPEN = "Open";
    public static final String HALF_OPEN = "HalfOpen";
    public static final String PINNED = "Pinned";
    public static final String INSECURE_SKIP_HOST_KEY_VERIFICATION = "InsecureSkipHostKeyVerification";
    public static final String IN_USE = "InUse";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String SECRET_NAMESPACE_NOT_WATCHED = "SecretNamespaceNotWatched";
    public static final String SECRET_NOT_FOUND = "SecretNotFound";
    public static final String SECRET_KEY_NOT_FOUND = "SecretKeyNotFound";
    public static final String ORPHANS_FOUND = "OrphanDisksFound";

    private Reasons() {}
}
