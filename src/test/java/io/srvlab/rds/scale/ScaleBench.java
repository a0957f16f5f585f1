package io.srvlab.rds.scale;

import io.srvlab.rds.testing.OperatorProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The scale benchmark: N RdsVolumes created at once against the RDS simulator, with and without session pooling;
 * in the first mode also steady state, restart, hot reload under load, key fix and single-volume latency, with the
 * API server's write rate measured in the same run. Not part of the test run; started by {@code hack/scale-bench.sh [N ...] [--option value ...]} (options in
 * {@link BenchOptions}, meaning in docs/scale-benchmark.md). Prints a markdown table and writes it, with a CSV, to
 * {@code target/scale-bench/}.
 */
public final class ScaleBench {
    private ScaleBench() {}

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        if (!Files.isRegularFile(OperatorProcess.JAR)) {
            throw new IllegalStateException("missing " + OperatorProcess.JAR + ": run hack/scale-bench.sh");
        }
        Files.createDirectories(options.output());
        String header = header(options);
        System.out.print(header);
        List<ScaleRun.Report> results = new ArrayList<>();
        int status = 0;
        try (BenchStack stack = BenchStack.start(options.output().toAbsolutePath())) {
            for (PoolMode mode : options.modes()) {
                boolean phases = options.phases().enabled()
                        && mode.equals(options.modes().getFirst());
                for (int volumes : options.counts()) {
                    System.out.printf(
                            "==> %s (maxSize %d, maxIdle %d), %d volumes%s%n",
                            mode.name(), mode.maxSize(), mode.maxIdle(), volumes, phases ? ", with phases" : "");
                    results.add(new ScaleRun(stack, options, mode, volumes, phases).run());
                    write(options.output(), header, results); // partial results survive a later failure
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.out.println();
        System.out.print(tables(results));
        System.out.println();
        System.out.println("written to " + options.output().resolve("results.md") + " and results.csv");
        System.exit(status); // client and simulator threads are not all daemons
    }

    private static String header(BenchOptions options) throws IOException {
        return "Scale benchmark, " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\n\n"
                + "Settings: " + options.describe() + "\n\n"
                + "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, JDK "
                + Runtime.version() + ", load at start: " + loadAverage() + "\n\n";
    }

    private static String tables(List<ScaleRun.Report> results) {
        List<RunResult> batches = results.stream().map(ScaleRun.Report::batch).toList();
        String out = "API server write rate, measured before each run's operator started:\n\n"
                + ResultTable.apiMarkdown(results) + "\nBatch (all created at once):\n\n"
                + ResultTable.markdown(batches);
        if (results.stream().anyMatch(r -> !r.phases().isEmpty())) {
            out += "\nPhases:\n\n" + ResultTable.phasesMarkdown(results);
        }
        return out + "\nThe operator's own use:\n\n" + ResultTable.usageMarkdown(results);
    }

    private static void write(Path dir, String header, List<ScaleRun.Report> results) throws IOException {
        String load = "Load at end of last run: " + loadAverage() + "\n\n";
        Files.writeString(dir.resolve("results.md"), header + tables(results) + "\n" + load, StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("results.csv"),
                ResultTable.csv(results.stream().map(ScaleRun.Report::batch).toList()),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("phases.csv"), ResultTable.phasesCsv(results), StandardCharsets.UTF_8);
    }

    static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        if (!Files.isReadable(loadavg)) {
            return "unknown";
        }
        String[] fields = Files.readString(loadavg).trim().split("\\s+");
        return fields[0] + ", " + fields[1] + ", " + fields[2] + " (1, 5, 15 min)";
    }
}
