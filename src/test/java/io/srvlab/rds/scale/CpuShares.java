package io.srvlab.rds.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Who used the machine's CPU during a window: the operator, the API server and etcd the benchmark started (its child
 * processes), the benchmark itself (client threads, watches and the RDS simulator), and the whole machine (busy time of
 * /proc/stat, so other engineers' work shows as the rest). On a machine of a few cores these compete, so a batch may be
 * bound by CPU before the rate limit or the API server's measured write rate binds it.
 */
record CpuShares(double operator, double apiServer, double etcd, double bench, double machineBusy, int cores) {

    /** CPU seconds so far of each part; diff two of them with {@link #minus}. */
    static CpuShares now(long operatorPid) {
        double apiServer = 0;
        double etcd = 0;
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            String command = child.info().command().orElse("");
            if (command.endsWith("/kube-apiserver")) {
                apiServer += OperatorLook.cpuSeconds(child.pid());
            } else if (command.endsWith("/etcd")) {
                etcd += OperatorLook.cpuSeconds(child.pid());
            }
        }
        return new CpuShares(
                OperatorLook.cpuSeconds(operatorPid),
                apiServer,
                etcd,
                OperatorLook.cpuSeconds(ProcessHandle.current().pid()),
                machineBusySeconds(),
                Runtime.getRuntime().availableProcessors());
    }

    CpuShares minus(CpuShares earlier) {
        return new CpuShares(
                operator - earlier.operator,
                apiServer - earlier.apiServer,
                etcd - earlier.etcd,
                bench - earlier.bench,
                machineBusy - earlier.machineBusy,
                cores);
    }

    double ours() {
        return operator + apiServer + etcd + bench;
    }

    /** One line for the report, for a window of {@code seconds}. */
    String summary(double seconds) {
        return String.format(
                Locale.ROOT,
                "CPU in %.1f s on %d cores (%.1f core-seconds): operator %.1f s, kube-apiserver %.1f s, etcd %.1f s,"
                        + " benchmark (clients, watches, simulator) %.1f s = %.1f s (%.0f %% of the cores); whole"
                        + " machine busy %.1f s (%.0f %%), so %.1f s by other processes",
                seconds,
                cores,
                seconds * cores,
                operator,
                apiServer,
                etcd,
                bench,
                ours(),
                100 * ours() / (seconds * cores),
                machineBusy,
                100 * machineBusy / (seconds * cores),
                Math.max(0, machineBusy - ours()));
    }

    /** User + nice + system + irq + softirq + steal of the first line of /proc/stat, in seconds; NaN if unreadable. */
    private static double machineBusySeconds() {
        try {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
