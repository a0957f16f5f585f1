package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Node-side choices an admin allows for the PersistentVolumes of one RDS ({@code RdsPoolConfig.spec.persistentVolumes}).
 *
 * @param allowedMountOptions mount options an RdsVolume's PersistentVolume may carry; absent means none
 * @param singleTenant one tenant uses this RDS, so a volume's node-side choices cannot reach another tenant's data
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PersistentVolumeChoices(
        @Size(max = 32)
        @JsonPropertyDescription("Mount options an RdsVolume of this RDS may ask for in"
                + " spec.persistentVolume.mountOptions (options of an rds.srvlab.io StorageClass are allowed for"
                + " the volumes it made). Absent: none.")
        List<@Pattern(RdsVolumeSpec.MOUNT_OPTION) String> allowedMountOptions,

        @JsonPropertyDescription("True: one tenant uses this RDS, so node-side choices a volume makes cannot reach"
                + " another tenant's data. Needed for the csi-driver-nvmf node driver, whose deviceUUID comes from the"
                + " RdsVolume. Default false.")
        Boolean singleTenant) {

    /** Only the mount options an admin allows. */
    public PersistentVolumeChoices(List<String> allowedMountOptions) {
        this(allowedMountOptions, null);
    }
}
