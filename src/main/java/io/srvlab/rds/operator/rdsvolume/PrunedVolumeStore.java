package io.srvlab.rds.operator.rdsvolume;

import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.operator.common.CachedForm;

/** The RdsVolume controller's cache, in {@link CachedForm}: one entry per volume, for as long as the volume exists. */
public class PrunedVolumeStore extends TransformingItemStore<RdsVolume> {
    public PrunedVolumeStore() {
        super(CachedForm::pruned);
    }
}
