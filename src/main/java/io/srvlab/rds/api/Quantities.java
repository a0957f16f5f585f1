package io.srvlab.rds.api;

/** Byte counts as the Kubernetes quantities people write: the largest binary suffix that divides evenly. */
final class Quantities {
    private static final String[] SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

    private Quantities() {}

    static String binary(Long bytes) {
        if (bytes == null) {
            return null;
        }
        long value = bytes;
        int suffix = 0;
        while (value != 0 && value % 1024 == 0 && suffix < SUFFIXES.length - 1) {
            value /= 1024;
            suffix++;
        }
        return value + SUFFIXES[suffix];
    }
}
