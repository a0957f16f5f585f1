package io.srvlab.rds.routeros;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code /disk} item as printed by {@code print detail}.
 *
 * @param sizeBytes exact bytes from {@code size=}, never the lossy {@code file-size=50.0GiB}
 * @param flags the flag letters of the item line (e.g. {@code Bt}), empty when none were printed
 * @param comment the item's {@code ;;;} comment, empty when it has none
 * @param properties every printed property, values unquoted and unescaped
 */
public record DiskInfo(
        String slot,
        String type,
        String filePath,
        long sizeBytes,
        boolean nvmeTcpExport,
        int nvmeTcpPort,
        String nqn,
        String flags,
        String comment,
        Map<String, String> properties) {

    public DiskInfo {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties)); // keeps printed order
    }

    /** The same disk without its printed properties: the typed fields only, for keeping many of them. */
    public DiskInfo withoutProperties() {
        return new DiskInfo(slot, type, filePath, sizeBytes, nvmeTcpExport, nvmeTcpPort, nqn, flags, comment, Map.of());
    }
}
