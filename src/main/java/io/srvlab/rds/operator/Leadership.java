package io.srvlab.rds.operator;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.srvlab.rds.operator.rdspoolconfig.ReloadLane;
import io.srvlab.rds.operator.volumesnapshot.VolumeSnapshotContentWatch;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts what only the leader runs besides the reconcilers (the pool config {@link ReloadLane}, and the
 * {@link VolumeSnapshotContentWatch} when VolumeSnapshots are enabled): when this replica
 * starts leading, or at start-up in the profiles that run without leader election (dev mode, tests).
 */
@Singleton
public class Leadership {
    private final ReloadLane lane;
    private final VolumeSnapshotContentWatch volumeSnapshots;
    private final boolean elected;

    Leadership(
            ReloadLane lane,
            VolumeSnapshotContentWatch volumeSnapshots,
            @ConfigProperty(name = "quarkus.operator-sdk.activate-leader-election-for-profiles", defaultValue = "prod")
                    List<String> electedProfiles) {
        this.lane = lane;
        this.volumeSnapshots = volumeSnapshots;
        this.elected = ConfigUtils.getProfiles().stream().anyMatch(electedProfiles::contains);
    }

    void onStart(@Observes StartupEvent event) {
        if (!elected) {
            started();
        }
    }

    void started() {
        lane.start();
        volumeSnapshots.start();
    }
}
