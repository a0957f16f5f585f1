package io.srvlab.rds.scale;

/**
 * What a stretch of time cost: pool leases (rate-limit tokens, from the operator's metrics), RouterOS commands and SSH
 * handshakes (at the simulator), and writes to the API server (create/update/patch events seen by the benchmark's
 * watches).
 */
record Work(long leases, long commands, long handshakes, long apiWrites) {
    static final Work NONE = new Work(0, 0, 0, 0);

    Work minus(Work earlier) {
        return new Work(
                leases - earlier.leases,
                commands - earlier.commands,
                handshakes - earlier.handshakes,
                apiWrites - earlier.apiWrites);
    }

    Work plus(Work other) {
        return new Work(
                leases + other.leases,
                commands + other.commands,
                handshakes + other.handshakes,
                apiWrites + other.apiWrites);
    }
}
