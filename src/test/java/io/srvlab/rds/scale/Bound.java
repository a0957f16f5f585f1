package io.srvlab.rds.scale;

import java.time.Duration;

/**
 * The physical lower bound on the time some work takes: the largest of three terms.
 *
 * <ul>
 *   <li>rate: {@code max(0, leases - burst) / requestsPerSecond}, the token bucket (it starts full);
 *   <li>SSH: {@code (commands * commandLatency + handshakes * handshakeLatency) / concurrency}, the time sessions
 *       must be held spread over as many as can be held at once;
 *   <li>API: {@code apiWrites / measured API write rate}, what this API server took in the same run.
 * </ul>
 */
record Bound(double rateSeconds, double sshSeconds, double apiSeconds) {

    /** The settings a bound is computed with. */
    record Limits(
            int requestsPerSecond,
            int burst,
            Duration commandLatency,
            Duration handshakeLatency,
            int concurrency,
            double apiWritesPerSecond) {

        Limits withRate(int rate, int newBurst) {
            return new Limits(rate, newBurst, commandLatency, handshakeLatency, concurrency, apiWritesPerSecond);
        }

        Limits withHandshake(Duration latency, int sessions) {
            return new Limits(requestsPerSecond, burst, commandLatency, latency, sessions, apiWritesPerSecond);
        }
    }

    static Bound of(Limits limits, Work work) {
        double rate = Math.max(0, work.leases() - limits.burst()) / (double) limits.requestsPerSecond();
        double held = work.commands() * seconds(limits.commandLatency())
                + work.handshakes() * seconds(limits.handshakeLatency());
        double api = limits.apiWritesPerSecond() > 0 ? work.apiWrites() / limits.apiWritesPerSecond() : 0;
        return new Bound(rate, held / limits.concurrency(), api);
    }

    double seconds() {
        return Math.max(rateSeconds, Math.max(sshSeconds, apiSeconds));
    }

    String limitedBy() {
        double max = seconds();
        return max == rateSeconds ? "rate" : max == sshSeconds ? "SSH" : "API";
    }

    double ratio(double measuredSeconds) {
        return seconds() > 0 ? measuredSeconds / seconds() : Double.NaN;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
