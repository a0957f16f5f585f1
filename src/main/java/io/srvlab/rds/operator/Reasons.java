package io.srvlab.rds.operator;

/**
 * Condition types and the reasons the operator writes, in one place. Permanent ownership refusals come from {@link
 * io.srvlab.rds.volume.Refusal} (their names are reasons too); RouterOS and pool failures are named in {@link
 * FailureClassifier}.
 */
final class Reasons {
    // condition types
    static final String READY = "Ready";
    static final String REACHABLE = "Reachable";
    static final String CIRCUIT_CLOSED = "CircuitClosed";
    static final String HOST_KEY_VERIFIED = "HostKeyVerified";

    // RdsVolume
    static final String PROVISIONED = "Provisioned";
    static final String ADOPTED = "Adopted";
    static final String RECREATED = "Recreated";
    static final String POOL_CONFIG_NOT_FOUND = "PoolConfigNotFound";
    static final String POOL_CONFIG_NOT_READY = "PoolConfigNotReady";
    static final String POOL_CONFIG_TERMINATING = "PoolConfigTerminating";
    static final String SLOT_CLAIMED = "SlotClaimed";
    static final String NAMESPACE_NOT_ALLOWED = "NamespaceNotAllowed";
    static final String SERVER_CHANGED = "ServerChanged";
    static final String DELETION_BLOCKED = "DeletionBlocked";
    static final String DRIFT_CHECK_FAILED = "DriftCheckFailed";
    static final String RECONCILE_ERROR = "ReconcileError";
    static final String NOT_ENOUGH_SPACE = "NotEnoughSpace";
    static final String EXPORT_REPAIRED = "ExportRepaired";

    // events on deletion
    static final String DELETED = "Deleted";
    static final String RETAINED = "Retained";
    static final String RELEASED = "Released";
    static final String LEFT_ALONE = "LeftAlone";

    // RdsPoolConfig
    static final String POOL_READY = "PoolReady";
    static final String HEALTH_CHECK_PASSED = "HealthCheckPassed";
    static final String CLOSED = "Closed";
    static final String OPEN = "Open";
    static final String HALF_OPEN = "HalfOpen";
    static final String PINNED = "Pinned";
    static final String INSECURE_SKIP_HOST_KEY_VERIFICATION = "InsecureSkipHostKeyVerification";
    static final String IN_USE = "InUse";
    static final String INVALID_SPEC = "InvalidSpec";
    static final String SECRET_NAMESPACE_NOT_WATCHED = "SecretNamespaceNotWatched";
    static final String SECRET_NOT_FOUND = "SecretNotFound";
    static final String SECRET_KEY_NOT_FOUND = "SecretKeyNotFound";
    static final String ORPHANS_FOUND = "OrphanDisksFound";

    private Reasons() {}
}
