package io.srvlab.rds.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the operator process uses, read from outside it: CPU time ({@code utime + stime} of /proc/<pid>/stat) and the
 * live heap with the classes that fill it ({@code jcmd <pid> GC.class_histogram}, which runs a full collection first
 * and counts only reachable objects).
 */
final class OperatorLook {
    /** Clock ticks per second of /proc's times; 100 on every Linux this runs on. */
    private static final double TICKS = 100.0;

    private static final int TOP = 10;

    private OperatorLook() {}

    /** A histogram taken {@code when}, with {@code volumes} volumes settled. */
    record Heap(String when, int volumes, long liveBytes, long instances, List<String> top) {
        /** What the volumes add to the live heap of an idle operator ({@code idle}), per 1000 volumes. */
        double mibPer1000Over(Heap idle) {
            return volumes == 0 ? Double.NaN : (liveBytes - idle.liveBytes) / (1024.0 * 1024.0) / (volumes / 1000.0);
        }

        String markdown(Heap idle) {
            var out = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%s: live heap after GC %.1f MiB (%d objects) with %d volumes%s%n%n",
                    when,
                    liveBytes / (1024.0 * 1024.0),
                    instances,
                    volumes,
                    volumes == 0
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    ", %.1f MiB per 1000 volumes over the idle operator",
                                    mibPer1000Over(idle))));
            out.append("| # | instances | bytes | class |\n|--:|--:|--:|---|\n");
            top.forEach(line -> out.append(line).append('\n'));
            return out.toString();
        }
    }

    /** CPU seconds (user + system) the process used so far; NaN when /proc cannot tell. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state) of proc(5); utime and stime are fields 14 and 15
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * The committed memory by category from Native Memory Tracking ({@code jcmd <pid> VM.native_memory summary}), one
     * line: {@code Java Heap 120M, Class 80M, …}; empty when the process runs without NMT.
     */
    static String nativeMemory(long pid) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process p = new ProcessBuilder(jcmd, String.valueOf(pid), "VM.native_memory", "summary", "scale=MB")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(1, TimeUnit.MINUTES);
            List<String> parts = new ArrayList<>();
            var m = java.util.regex.Pattern.compile(
                            "(?m)^(?:-\\s*([A-Za-z][A-Za-z ]*?)|(Total)):?\\s*\\(?reserved=\\d+MB, committed=(\\d+)MB")
                    .matcher(out);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1).trim() : m.group(2);
                parts.add(name + " " + m.group(3) + "M");
            }
            return String.join(", ", parts);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static Heap heap(long pid, String when, int volumes) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process p = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.class_histogram")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(2, TimeUnit.MINUTES);
            return parse(out, when, volumes);
        } catch (IOException e) {
            return new Heap(when + " (jcmd failed: " + e.getMessage() + ")", volumes, -1, -1, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Heap(when + " (interrupted)", volumes, -1, -1, List.of());
        }
    }

    static Heap parse(String histogram, String when, int volumes) {
        List<String> top = new ArrayList<>();
        long bytes = -1;
        long instances = -1;
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":") && top.size() < TOP) {
                top.add("| " + f[0].replace(":", "") + " | " + f[1] + " | " + f[2] + " | `" + f[3] + "` |");
            } else if (f.length == 3 && f[0].equals("Total")) {
                instances = Long.parseLong(f[1]);
                bytes = Long.parseLong(f[2]);
            }
        }
        return new Heap(when, volumes, bytes, instances, top);
    }
}
