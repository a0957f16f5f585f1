package io.srvlab.rds.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /system identity print} and {@code /system resource print}. */
final class SystemMenu {
    private final SimulatedRds rds;

    SystemMenu(SimulatedRds rds) {
        this.rds = rds;
    }

    String identity() {
        return keyValues(Map.of("name", rds.identityUnlocked()));
    }

    String resource() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("uptime", "3d2h1m5s");
        v.put("version", rds.versionUnlocked());
        v.put("build-time", "2024-09-20 13:00:27");
        v.put("factory-software", "7.14");
        v.put("free-memory", "28.1GiB");
        v.put("total-memory", "32.0GiB");
        v.put("cpu", "ARM64");
        v.put("cpu-count", "16");
        v.put("cpu-load", "1%");
        v.put("architecture-name", "arm64");
        v.put("board-name", "RDS2216");
        v.put("platform", "MikroTik");
        return keyValues(v);
    }

    /** Right-aligned {@code key: value} lines. */
    private static String keyValues(Map<String, String> values) {
        int w = values.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(" ".repeat(w - k.length()))
                .append(k)
                .append(": ")
                .append(v)
                .append('\n'));
        return sb.toString();
    }
}
