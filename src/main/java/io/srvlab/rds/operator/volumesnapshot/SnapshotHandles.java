package io.srvlab.rds.operator.volumesnapshot;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The snapshot handle this operator writes on a VolumeSnapshotContent: {@code <namespace>/<RdsSnapshot name>}, the
 * RdsSnapshot that holds the snapshot, named after the content's uid ({@code vsc-<uid>}), never after tenant text.
 */
final class SnapshotHandles {
    static final String PREFIX = "vsc-";
    private static final Pattern HANDLE = Pattern.compile("^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)/(vsc-[0-9a-f-]{36})$");

    private SnapshotHandles() {}

    record Handle(String namespace, String rdsSnapshot) {
        String text() {
            return namespace + "/" + rdsSnapshot;
        }
    }

    static Handle of(String namespace, String contentUid) {
        return new Handle(namespace, PREFIX + contentUid);
    }

    /** The handle parsed, or empty for text this operator did not write. */
    static Optional<Handle> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var m = HANDLE.matcher(text);
        return m.matches() ? Optional.of(new Handle(m.group(1), m.group(3))) : Optional.empty();
    }
}
