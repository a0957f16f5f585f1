package io.srvlab.rds.routeros;

/**
 * A {@code file-size=} value. Requests are rounded UP to a whole MiB and sent with the largest binary suffix that
 * divides exactly ({@code 10G}, {@code 1536M}, {@code 2T}): suffixed integers are the form rds-csi sent on hardware
 * and {@code 1G} was measured as exactly 1 073 741 824 bytes (docs/routeros.md §4), whereas raw byte integers, decimals
 * and {@code GiB} are unverified. Whole MiB keep the file aligned to the 512-byte sector size.
 *
 * @param bytes the exact size RouterOS will allocate, never less than requested
 * @param cli the token sent on the command line
 */
public record DiskSize(long bytes, String cli) {
    public static final long KIB = 1024L;
    public static final long MIB = KIB * 1024;
    public static final long GIB = MIB * 1024;
    public static final long TIB = GIB * 1024;
    /** 64 TiB: far above any RDS today, far below overflow. */
    public static final long MAX_BYTES = 64 * TIB;

    public static DiskSize roundUp(long requestedBytes) throws RouterOsException {
        if (requestedBytes <= 0) {
            throw RouterOsValues.invalid("size must be positive: " + requestedBytes);
        }
        if (requestedBytes > MAX_BYTES) {
            throw RouterOsValues.invalid("size too large: " + requestedBytes);
        }
        long mib = (requestedBytes + MIB - 1) / MIB;
        long bytes = mib * MIB;
        String cli;
        if (bytes % TIB == 0) {
            cli = bytes / TIB + "T";
        } else if (bytes % GIB == 0) {
            cli = bytes / GIB + "G";
        } else {
            cli = mib + "M";
        }
        return new DiskSize(bytes, cli);
    }
}
