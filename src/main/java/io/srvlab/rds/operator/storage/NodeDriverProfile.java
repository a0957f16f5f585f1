package io.srvlab.rds.operator.storage;

import io.srvlab.rds.api.RdsVolumeSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The node-side CSI drivers a PersistentVolume can name, with the volume attributes each reads to connect to an
 * NVMe/TCP export. The attribute names are those the drivers' own documentation and code use.
 */
enum NodeDriverProfile {
    /** democratic-csi's node-manual driver: it connects with nvme-cli to each transport and mounts the namespace. */
    DEMOCRATIC_CSI(RdsVolumeSpec.NODE_DRIVER_DEMOCRATIC_CSI, "org.democratic-csi.node-manual") {
        @Override
        Map<String, String> attributes(List<String> addresses, int port, String nqn, String deviceUuid) {
            var attributes = new LinkedHashMap<String, String>();
            attributes.put("node_attach_driver", "nvmeof");
            attributes.put("provisioner_driver", "node-manual");
            attributes.put("transport", transport(addresses.get(0), port));
            if (addresses.size() > 1) {
                attributes.put(
                        "transports",
                        addresses.stream().map(a -> transport(a, port)).collect(Collectors.joining(",")));
            }
            attributes.put("nqn", nqn);
            attributes.put("nsid", NAMESPACE_ID);
            return attributes;
        }
    },
    /**
     * kubernetes-csi's csi-driver-nvmf: one address; it finds the connected device by the namespace UUID, which the
     * user supplies (RouterOS is not known to print it).
     */
    CSI_DRIVER_NVMF(RdsVolumeSpec.NODE_DRIVER_CSI_NVMF, "csi.nvmf.com") {
        @Override
        Map<String, String> attributes(List<String> addresses, int port, String nqn, String deviceUuid) {
            var attributes = new LinkedHashMap<String, String>();
            attributes.put("targetTrAddr", addresses.get(0));
            attributes.put("targetTrPort", String.valueOf(port));
            attributes.put("targetTrType", "tcp");
            attributes.put("nqn", nqn);
            attributes.put(DEVICE_UUID, deviceUuid);
            return attributes;
        }
    };

    /** The csi-driver-nvmf volume attribute that names the device the node mounts. */
    static final String DEVICE_UUID = "deviceUUID";

    /** An RDS file disk is exported as a subsystem with one namespace (see docs/routeros.md). */
    static final String NAMESPACE_ID = "1";

    private final String profile;
    private final String csiDriver;

    NodeDriverProfile(String profile, String csiDriver) {
        this.profile = profile;
        this.csiDriver = csiDriver;
    }

    /** The CSI driver name a PersistentVolume's {@code spec.csi.driver} carries. */
    String csiDriver() {
        return csiDriver;
    }

    abstract Map<String, String> attributes(List<String> addresses, int port, String nqn, String deviceUuid);

    /** The profile named in an RdsVolume or StorageClass; absent means democratic-csi. */
    static NodeDriverProfile named(String profile) {
        if (profile == null || profile.isEmpty()) {
            return DEMOCRATIC_CSI;
        }
        for (NodeDriverProfile p : values()) {
            if (p.profile.equals(profile)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown node driver " + profile);
    }

    /** An nvme-cli style transport URL; an IPv6 address is bracketed. */
    static String transport(String address, int port) {
        return "tcp://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }
}
