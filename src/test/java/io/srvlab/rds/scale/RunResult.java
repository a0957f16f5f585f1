package io.srvlab.rds.scale;

import java.time.Duration;

/**
 * The figures of one run. {@code leases} are pool executions (one rate-limit token each; a lease may run more than
 * one command, e.g. {@code /disk add} and the read-back), {@code commands} and {@code handshakes} are what the
 * simulator received during the run.
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
        int peakServerSessions,
        long rateLimitHits,
        long connectionErrors,
        VolumeWatch.Counts writes,
        long peakHeapBytes,
        long peakRssKiB,
        long rssHighWaterKiB,
        double deleteSeconds,
        int disksLeft,
        Bound bound) {

    /**
     * The physical lower bound on time to all-Ready: {@code max(rateTerm, latencyTerm)}, where
     * {@code rateTerm = max(0, leases - burst) / rate} (the bucket starts full) and
     * {@code latencyTerm = (commands * commandLatency + handshakes * handshakeLatency) / concurrency}, the total time
     * sessions must be held divided by how many can be held at once.
     */
    record Bound(double rateSeconds, double latencySeconds) {
        static Bound of(BenchOptions options, PoolMode mode, long leases, long commands, long handshakes) {
            double rate = Math.max(0, leases - options.burst()) / (double) options.requestsPerSecond();
            double held = commands * RunResult.seconds(options.commandLatency())
                    + handshakes * RunResult.seconds(options.handshakeLatency());
            return new Bound(rate, held / mode.concurrency(options.reconcileThreads()));
        }

        double seconds() {
            return Math.max(rateSeconds, latencySeconds);
        }

        String limitedBy() {
            return rateSeconds >= latencySeconds ? "rate" : "latency";
        }
    }

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
                peakServerSessions,
                rateLimitHits,
                connectionErrors,
                writes,
                peakHeapBytes,
                peakRssKiB,
                rssHighWaterKiB,
                seconds,
                disks,
                bound);
    }

    boolean complete() {
        return ready == volumes;
    }

    double ratio() {
        return bound.seconds() > 0 ? readySeconds / bound.seconds() : Double.NaN;
    }

    double perVolume(long count) {
        return count / (double) volumes;
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
