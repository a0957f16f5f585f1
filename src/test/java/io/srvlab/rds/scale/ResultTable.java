package io.srvlab.rds.scale;

import java.util.List;
import java.util.Locale;

/** The results as a markdown table (for people and docs) and as CSV (for tools). */
final class ResultTable {
    private ResultTable() {}

    static String markdown(List<RunResult> results) {
        var out = new StringBuilder();
        out.append("| mode | N | all Ready | bound | ratio | bound by | handshakes | leases | commands/vol"
                + " | status writes/vol | finalizer writes/vol | peak heap | peak RSS |\n");
        out.append("|---|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (RunResult r : results) {
            out.append(format(
                    "| %s (%d/%d) | %d | %s | %.1f s | %s | %s | %d | %d | %.2f | %.2f | %.2f | %d MiB | %d MiB |\n",
                    r.mode().name(),
                    r.mode().maxSize(),
                    r.mode().maxIdle(),
                    r.volumes(),
                    r.complete()
                            ? format("%.1f s", r.readySeconds())
                            : format("%d/%d after %.0f s", r.ready(), r.volumes(), r.readySeconds()),
                    r.bound().seconds(),
                    r.complete() ? format("%.2f", r.ratio()) : "-",
                    r.bound().limitedBy(),
                    r.handshakes(),
                    r.leases(),
                    r.perVolume(r.commands()),
                    r.perVolume(r.writes().statusWrites()),
                    r.perVolume(r.writes().finalizerWrites()),
                    r.peakHeapBytes() / (1024 * 1024),
                    r.rssHighWaterKiB() / 1024));
        }
        return out.toString();
    }

    static String csv(List<RunResult> results) {
        var out = new StringBuilder(
                "mode,maxSize,maxIdle,volumes,ready,createSeconds,readySeconds,boundSeconds,rateTermSeconds,"
                        + "latencyTermSeconds,ratio,handshakes,leases,commands,peakServerSessions,rateLimitHits,"
                        + "connectionErrors,statusWrites,finalizerWrites,otherWrites,peakHeapBytes,peakRssKiB,"
                        + "rssHighWaterKiB,deleteSeconds,disksLeft\n");
        for (RunResult r : results) {
            out.append(format(
                    "%s,%d,%d,%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%.3f,%d\n",
                    r.mode().name(),
                    r.mode().maxSize(),
                    r.mode().maxIdle(),
                    r.volumes(),
                    r.ready(),
                    r.createSeconds(),
                    r.readySeconds(),
                    r.bound().seconds(),
                    r.bound().rateSeconds(),
                    r.bound().latencySeconds(),
                    r.ratio(),
                    r.handshakes(),
                    r.leases(),
                    r.commands(),
                    r.peakServerSessions(),
                    r.rateLimitHits(),
                    r.connectionErrors(),
                    r.writes().statusWrites(),
                    r.writes().finalizerWrites(),
                    r.writes().otherWrites(),
                    r.peakHeapBytes(),
                    r.peakRssKiB(),
                    r.rssHighWaterKiB(),
                    r.deleteSeconds(),
                    r.disksLeft()));
        }
        return out.toString();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
