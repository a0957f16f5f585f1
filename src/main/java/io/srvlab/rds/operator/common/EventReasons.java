package io.srvlab.rds.operator.common;

/** Reasons the operator gives only to Events, never to a condition. */
public final class EventReasons {
    // what deletion did with an RdsVolume's disk and file
    public static final String DELETED = "Deleted";
    public static final String RETAINED = "Retained";
    public static final String RELEASED = "Released";
    public static final String LEFT_ALONE = "LeftAlone";

    public static final String EXPORT_REPAIRED = "ExportRepaired";
    public static final String ORPHANS_FOUND = "OrphanDisksFound";

    // on a PersistentVolumeClaim of an rds.srvlab.io StorageClass
    public static final String PROVISIONING = "Provisioning";
    public static final String PROVISIONING_FAILED = "ProvisioningFailed";
    public static final String RESIZING = "Resizing";
    public static final String VOLUME_RESIZE_SUCCESSFUL = "VolumeResizeSuccessful";
    public static final String FILE_SYSTEM_RESIZE_REQUIRED = "FileSystemResizeRequired";

    private EventReasons() {}
}
