package io.srvlab.rds.scale;

import java.util.List;
import java.util.Locale;

/**
 * Steady state: with every volume Ready and nothing to do, what the operator costs per minute: RouterOS commands (at
 * the simulator), leases and writes, over a fixed window. The goal is a figure independent of N.
 */
final class SteadyPhase {
    private final ScaleRun run;

    SteadyPhase(ScaleRun run) {
        this.run = run;
    }

    List<PhaseRow> run() throws Exception {
        var window = run.phaseOptions().steadyWindow();
        long mark = run.simulator().commands();
        Work before = run.work();
        var statusBefore = run.volumeWatch().counts();
        double cpuBefore = OperatorLook.cpuSeconds(run.operator().pid());
        Thread.sleep(window.toMillis());
        double cpu = OperatorLook.cpuSeconds(run.operator().pid()) - cpuBefore;
        run.recordSteadyCpu(cpu, window.toSeconds());
        Work work = run.work().minus(before);
        var writes = run.volumeWatch().counts().minus(statusBefore);
        double perMinute = 60.0 / window.toSeconds();
        return List.of(new PhaseRow(
                "steady state, " + run.volumes() + " Ready volumes, " + window.toSeconds() + " s window",
                run.volumes(),
                window.toSeconds(),
                work,
                null,
                String.format(
                        Locale.ROOT,
                        "%.1f commands/min, %.1f leases/min, %d volume status writes, operator CPU %.2f s; %s",
                        work.commands() * perMinute,
                        work.leases() * perMinute,
                        writes.statusWrites(),
                        cpu,
                        commandsSince(run, mark))));
    }

    static String commandsSince(ScaleRun run, long mark) {
        try {
            return CommandKinds.summarize(run.simulator().commandLogSince(mark));
        } catch (IllegalStateException e) {
            return "(more commands than the simulator's log keeps)";
        }
    }
}
