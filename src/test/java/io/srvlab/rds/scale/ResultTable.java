package io.srvlab.rds.scale;

import java.util.List;
import java.util.Locale;

/** The results as markdown tables (for people and docs) and as CSV (for tools). */
final class ResultTable {
    private ResultTable() {}

    static String markdown(List<RunResult> results) {
        var out = new StringBuilder();
        out.append(
                "| mode | N | all Ready | bound | ratio | bound by | handshakes | leases | leases/vol | commands/vol"
                        + " | status writes/vol | finalizer writes/vol | API writes | peak heap used | peak live heap | peak RSS |\n");
        out.append("|---|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (RunResult r : results) {
            out.append(format(
                    "| %s (%d/%d) | %d | %s | %.1f s | %s | %s | %d | %d | %.2f | %.2f | %.2f | %.2f | %d | %d MiB | %d MiB | %d MiB |\n",
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
                    r.perVolume(r.leases()),
                    r.perVolume(r.commands()),
                    r.perVolume(r.writes().statusWrites()),
                    r.perVolume(r.writes().finalizerWrites()),
                    r.apiWrites(),
                    r.peakHeapBytes() / (1024 * 1024),
                    r.peakLiveHeapBytes() / (1024 * 1024),
                    r.rssHighWaterKiB() / 1024));
        }
        return out.toString();
    }

    static String phasesMarkdown(List<ScaleRun.Report> reports) {
        var out = new StringBuilder();
        out.append("| N | measured | seconds | bound | ratio | bound by | leases | commands | handshakes | API writes"
                + " | notes |\n");
        out.append("|--:|---|--:|--:|--:|---|--:|--:|--:|--:|---|\n");
        for (ScaleRun.Report report : reports) {
            for (PhaseRow row : report.phases()) {
                Bound b = row.bound();
                out.append(format(
                        "| %d | %s | %s | %s | %s | %s | %d | %d | %d | %d | %s |\n",
                        report.batch().volumes(),
                        row.what(),
                        Double.isNaN(row.seconds()) ? "-" : format("%.2f", row.seconds()),
                        b == null ? "-" : format("%.3f s", b.seconds()),
                        b == null ? "-" : format("%.1f", row.ratio()),
                        b == null ? "-" : b.limitedBy(),
                        row.work().leases(),
                        row.work().commands(),
                        row.work().handshakes(),
                        row.work().apiWrites(),
                        row.notes().replace("|", "\\|")));
            }
        }
        return out.toString();
    }

    /** Per run: CPU per 1000 creates and per 1000 settled volumes per hour, the heap histograms, the deletion. */
    static String usageMarkdown(List<ScaleRun.Report> reports) {
        var out = new StringBuilder();
        for (ScaleRun.Report report : reports) {
            RunResult b = report.batch();
            ScaleRun.Usage u = report.usage();
            double operatorCpu = u.batchCpu == null ? Double.NaN : u.batchCpu.operator();
            out.append(format("#### %s, N = %d%n%n", b.mode().name(), b.volumes()));
            out.append(format(
                    "- operator CPU: %.1f s for the batch = %.1f s per 1000 creates (API term of the bound: %.1f s,"
                            + " all Ready after %.1f s)%n",
                    operatorCpu, operatorCpu / b.volumes() * 1000, b.bound().apiSeconds(), b.readySeconds()));
            if (u.batchRequests != null && u.batchRequests.writes() >= 0) {
                out.append(format(
                        "- API server requests in the batch, every client: %.2f writes and %.2f gets/lists per"
                                + " volume%n",
                        u.batchRequests.writes() / (double) b.volumes(),
                        u.batchRequests.reads() / (double) b.volumes()));
            }
            if (u.batchCpu != null) {
                out.append("- ")
                        .append(u.batchCpu.summary(u.batchCpuWindowSeconds))
                        .append('\n');
            }
            if (!Double.isNaN(u.steadyCpuSeconds)) {
                out.append(format(
                        "- operator CPU in the steady state: %.2f s in %.0f s = %.1f s per 1000 settled volumes per"
                                + " hour%n",
                        u.steadyCpuSeconds,
                        u.steadySeconds,
                        u.steadyCpuSeconds / u.steadySeconds * 3600 / b.volumes() * 1000));
            }
            out.append(format(
                    "- peak RSS (VmHWM) %d MiB, peak heap used %d MiB%n",
                    b.rssHighWaterKiB() / 1024, b.peakHeapBytes() / (1024 * 1024)));
            u.deletion.forEach(line -> out.append("- ").append(line).append('\n'));
            u.nativeMemory.forEach(line ->
                    out.append("- native memory committed, ").append(line).append('\n'));
            out.append('\n');
            u.heaps.forEach(h -> out.append(h.markdown(u.heaps.getFirst())).append('\n'));
        }
        return out.toString();
    }

    static String apiMarkdown(List<ScaleRun.Report> reports) {
        var out = new StringBuilder("| N | API writes (ConfigMap creates + patches) | seconds | writes/s |\n");
        out.append("|--:|--:|--:|--:|\n");
        for (ScaleRun.Report r : reports) {
            out.append(format(
                    "| %d | %d | %.1f | %.1f |\n",
                    r.batch().volumes(),
                    r.api().writes(),
                    r.api().seconds(),
                    r.api().perSecond()));
        }
        return out.toString();
    }

    static String csv(List<RunResult> results) {
        var out = new StringBuilder(
                "mode,maxSize,maxIdle,volumes,ready,createSeconds,readySeconds,boundSeconds,rateTermSeconds,"
                        + "sshTermSeconds,apiTermSeconds,ratio,handshakes,leases,commands,apiWrites,"
                        + "peakServerSessions,rateLimitHits,connectionErrors,statusWrites,finalizerWrites,otherWrites,"
                        + "peakHeapBytes,peakLiveHeapBytes,peakRssKiB,rssHighWaterKiB,deleteSeconds,disksLeft\n");
        for (RunResult r : results) {
            out.append(format(
                    "%s,%d,%d,%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%.3f,%d\n",
                    r.mode().name(),
                    r.mode().maxSize(),
                    r.mode().maxIdle(),
                    r.volumes(),
                    r.ready(),
                    r.createSeconds(),
                    r.readySeconds(),
                    r.bound().seconds(),
                    r.bound().rateSeconds(),
                    r.bound().sshSeconds(),
                    r.bound().apiSeconds(),
                    r.ratio(),
                    r.handshakes(),
                    r.leases(),
                    r.commands(),
                    r.apiWrites(),
                    r.peakServerSessions(),
                    r.rateLimitHits(),
                    r.connectionErrors(),
                    r.writes().statusWrites(),
                    r.writes().finalizerWrites(),
                    r.writes().otherWrites(),
                    r.peakHeapBytes(),
                    r.peakLiveHeapBytes(),
                    r.peakRssKiB(),
                    r.rssHighWaterKiB(),
                    r.deleteSeconds(),
                    r.disksLeft()));
        }
        return out.toString();
    }

    static String phasesCsv(List<ScaleRun.Report> reports) {
        var out = new StringBuilder("volumes,measured,seconds,boundSeconds,rateTermSeconds,sshTermSeconds,"
                + "apiTermSeconds,leases,commands,handshakes,apiWrites,notes\n");
        for (ScaleRun.Report report : reports) {
            for (PhaseRow row : report.phases()) {
                Bound b = row.bound() == null ? new Bound(Double.NaN, Double.NaN, Double.NaN) : row.bound();
                out.append(format(
                        "%d,\"%s\",%.3f,%.3f,%.3f,%.3f,%.3f,%d,%d,%d,%d,\"%s\"\n",
                        report.batch().volumes(),
                        row.what().replace("\"", "\"\""),
                        row.seconds(),
                        b.seconds(),
                        b.rateSeconds(),
                        b.sshSeconds(),
                        b.apiSeconds(),
                        row.work().leases(),
                        row.work().commands(),
                        row.work().handshakes(),
                        row.work().apiWrites(),
                        row.notes().replace("\"", "\"\"")));
            }
        }
        return out.toString();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
