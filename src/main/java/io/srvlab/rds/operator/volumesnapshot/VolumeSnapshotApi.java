package io.srvlab.rds.operator.volumesnapshot;

import io.srvlab.rds.api.RdsPoolConfig;

/**
 * Names of the snapshot.storage.k8s.io API as the CSI snapshot-controller uses them: the finalizer it puts on a bound
 * content and leaves to the snapshotter to remove, and the annotations it and a snapshotter set.
 */
final class VolumeSnapshotApi {
    static final String API_VERSION = "snapshot.storage.k8s.io/v1";
    static final String GROUP = "snapshot.storage.k8s.io";
    static final String CONTENT_KIND = "VolumeSnapshotContent";
    static final String SNAPSHOT_KIND = "VolumeSnapshot";
    static final String CONTENT_CRD = "volumesnapshotcontents." + GROUP;

    /** The driver a VolumeSnapshotClass names to have this operator take its snapshots. */
    static final String DRIVER = RdsPoolConfig.GROUP;

    /** Put by the snapshot-controller; a snapshotter removes it once the snapshot is deleted (or retained). */
    static final String CONTENT_FINALIZER = "snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection";

    /** Set by the snapshot-controller when the content is to go with its VolumeSnapshot. */
    static final String BEING_DELETED = "snapshot.storage.kubernetes.io/volumesnapshot-being-deleted";

    /** Set by a snapshotter while a snapshot is being cut; the controller does not delete the content meanwhile. */
    static final String BEING_CREATED = "snapshot.storage.kubernetes.io/volumesnapshot-being-created";

    /** On a content: a claim may restore it with another volume mode than its source's (a Block/Filesystem change). */
    static final String ALLOW_VOLUME_MODE_CHANGE = "snapshot.storage.kubernetes.io/allow-volume-mode-change";

    private VolumeSnapshotApi() {}
}
