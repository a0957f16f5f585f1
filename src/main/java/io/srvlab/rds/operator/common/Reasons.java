package io.srvlab.rds.operator.common;

/**
 * Every reason the operator writes into a condition, in one place (docs/troubleshooting.md has a row for each).
 * Permanent ownership refusals come from {@link io.srvlab.rds.volume.Refusal}: their names are reasons too. Condition
 * types are {@link ConditionTypes}; reasons only Events carry are {@link EventReasons}.
 */
public final class Reasons {
    // RdsVolume
    public static final String PROVISIONED = "Provisioned";
    public static final String ADOPTED = "Adopted";
    public static final String RECREATED = "Recreated";
    public static final String POOL_CONFIG_NOT_FOUND = "PoolConfigNotFound";
    public static final String POOL_CONFIG_NOT_READY = "PoolConfigNotReady";
    public static final String POOL_CONFIG_TERMINATING = "PoolConfigTerminating";
    public static final String SLOT_CLAIMED = "SlotClaimed";
    public static final String NAMESPACE_NOT_ALLOWED = "NamespaceNotAllowed";
    public static final String HOST_NAME_NOT_ALLOWED = "HostNameNotAllowed";
    public static final String SERVER_CHANGED = "ServerChanged";
    public static final String QUOTA_EXCEEDED = "QuotaExceeded";
    public static final String CLAIM_SIZE_EXCEEDED = "ClaimSizeExceeded";
    public static final String DELETION_BLOCKED = "DeletionBlocked";
    public static final String DRIFT_CHECK_FAILED = "DriftCheckFailed";
    public static final String RECONCILE_ERROR = "ReconcileError";

    // volumes made from a source, and RdsSnapshots
    public static final String SOURCE_NOT_FOUND = "SourceNotFound";
    public static final String SOURCE_NOT_READY = "SourceNotReady";
    public static final String SOURCE_NOT_SNAPSHOTTABLE = "SourceNotSnapshottable";
    public static final String SOURCE_ON_ANOTHER_POOL = "SourceOnAnotherPool";
    public static final String SOURCE_LARGER_THAN_VOLUME = "SourceLargerThanVolume";
    public static final String SNAPSHOTS_NOT_ENABLED = "SnapshotsNotEnabled";
    public static final String SNAPSHOT_TAKEN = "SnapshotTaken";

    // VolumeSnapshotContents of driver rds.srvlab.io (in status.error, as a CSI snapshotter reports)
    public static final String VOLUME_SNAPSHOT_NOT_FOUND = "VolumeSnapshotNotFound";
    public static final String SOURCE_NOT_IN_NAMESPACE = "SourceNotInNamespace";
    public static final String SNAPSHOT_NAME_TAKEN = "SnapshotNameTaken";

    // RdsVolume deletion waiting for its PersistentVolume
    public static final String VOLUME_IN_USE = "VolumeInUse";
    public static final String PERSISTENT_VOLUME_BOUND = "PersistentVolumeBound";

    // the PersistentVolume condition of an RdsVolume (besides the PersistentVolume's phase)
    public static final String PERSISTENT_VOLUME_CONFLICT = "PersistentVolumeConflict";
    public static final String PERSISTENT_VOLUME_TERMINATING = "PersistentVolumeTerminating";
    public static final String PERSISTENT_VOLUME_OUTDATED = "PersistentVolumeOutdated";
    public static final String PERSISTENT_VOLUME_NOT_SYNCED = "PersistentVolumeNotSynced";
    public static final String MOUNT_OPTIONS_NOT_ALLOWED = "MountOptionsNotAllowed";
    public static final String DEVICE_UUID_NOT_ALLOWED = "DeviceUuidNotAllowed";
    public static final String DEVICE_UUID_IN_USE = "DeviceUuidInUse";

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

    // failures talking to the RDS (FailureClassifier), both kinds
    public static final String CIRCUIT_OPEN = "CircuitOpen";
    public static final String AUTH_FAILED = "AuthFailed";
    public static final String HOST_KEY_MISMATCH = "HostKeyMismatch";
    public static final String POOL_EXHAUSTED = "PoolExhausted";
    public static final String RATE_LIMITED = "RateLimited";
    public static final String POOL_RELOADING = "PoolReloading";
    public static final String POOL_UNAVAILABLE = "PoolUnavailable";
    public static final String RDS_UNREACHABLE = "RdsUnreachable";
    public static final String RDS_BUSY = "RdsBusy";
    public static final String NOT_ENOUGH_SPACE = "NotEnoughSpace";
    public static final String SLOT_CONFLICT = "SlotConflict";
    public static final String NOT_FOUND = "NotFound";
    public static final String COMMAND_REJECTED = "CommandRejected";
    public static final String UNEXPECTED_OUTPUT = "UnexpectedOutput";
    public static final String COMMAND_FAILED = "CommandFailed";

    private Reasons() {}
}
