package io.srvlab.rds.scale;

/**
 * The figures of one batch. {@code leases} are pool executions (one rate-limit token each; a lease may run more than
 * one command, e.g. {@code /disk add} and the read-back), {@code commands} and {@code handshakes} are what the
 * simulator received during the batch, {@code apiWrites} the creates and updates of the volumes seen by the watch.
 * Memory peaks cover the whole run (all phases, both operator processes if there was a restart); the live heap is
 * what the last major collection left ({@code jvm_gc_live_data_size_bytes}), used heap includes garbage.
 */
record RunResult(
        PoolMode mode,
        int volumes,
        int ready,
        double createSeconds,
        double readySeconds,
        long leases,
        long commands,
        long handshakes,
        long apiWrites,
        int peakServerSessions,
        long rateLimitHits,
        long connectionErrors,
        VolumeWatch.Counts writes,
        long peakHeapBytes,
        long peakLiveHeapBytes,
        long peakRssKiB,
        long rssHighWaterKiB,
        double deleteSeconds,
        int disksLeft,
        Bound bound) {

    RunResult withCleanup(double seconds, int disks) {
        return new RunResult(
                mode,
                volumes,
                ready,
                createSeconds,
                readySeconds,
                leases,
                commands,
                handshakes,
                apiWrites,
                peakServerSessions,
                rateLimitHits,
                connectionErrors,
                writes,
                peakHeapBytes,
                peakLiveHeapBytes,
                peakRssKiB,
                rssHighWaterKiB,
                seconds,
                disks,
                bound);
    }

    RunResult withMemory(long heapBytes, long liveHeapBytes, long rssKiB, long highWaterKiB) {
        return new RunResult(
                mode,
                volumes,
                ready,
                createSeconds,
                readySeconds,
                leases,
                commands,
                handshakes,
                apiWrites,
                peakServerSessions,
                rateLimitHits,
                connectionErrors,
                writes,
                heapBytes,
                liveHeapBytes,
                rssKiB,
                highWaterKiB,
                deleteSeconds,
                disksLeft,
                bound);
    }

    boolean complete() {
        return ready == volumes;
    }

    double ratio() {
        return bound.ratio(readySeconds);
    }

    double perVolume(long count) {
        return count / (double) volumes;
    }
}
