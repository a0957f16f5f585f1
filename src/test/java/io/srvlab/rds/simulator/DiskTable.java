package io.srvlab.rds.simulator;

import java.util.ArrayList;
import java.util.List;

/** The /disk rows as {@code print} and {@code [find …]} see them: row 0 is the RAID the file disks live on. */
final class DiskTable {
    private record Row(int number, String slot, SimulatedDisk disk) {}

    private final SimulatedRds rds;
    private final SimulatorKnobs knobs;

    DiskTable(SimulatedRds rds, SimulatorKnobs knobs) {
        this.rds = rds;
        this.knobs = knobs;
    }

    /** {@code /disk print [detail] [where …]}. */
    String print(List<Token> args, int width) throws CliError {
        List<Token> rest = new ArrayList<>(args);
        if (!rest.isEmpty() && rest.get(0).raw().equals("detail")) {
            rest.remove(0);
        }
        List<Row> rows = rows();
        if (!rest.isEmpty()) {
            if (!rest.get(0).raw().equals("where")) {
                throw CliError.endOfCommandExpected(rest.get(0).column());
            }
            rows = where(rows, rest.subList(1, rest.size()));
        }
        List<DetailPrinter.Item> items = new ArrayList<>();
        for (Row row : rows) {
            SimulatedDisk d = row.disk();
            items.add(
                    d == null
                            ? new DetailPrinter.Item(
                                    row.number(),
                                    "BM",
                                    DiskDetail.raid(rds.mountPointUnlocked(), rds.totalUnlocked(), rds.freeUnlocked()))
                            : new DetailPrinter.Item(
                                    row.number(), DiskDetail.flags(d), d.comment(), DiskDetail.fileDisk(d)));
        }
        return DetailPrinter.print(knobs.flagsHeader(), items, width);
    }

    /** The slots a {@code [find …]} selects, the RAID's included. */
    List<String> slots(List<Token> conditions) throws CliError {
        return where(rows(), conditions).stream().map(Row::slot).toList();
    }

    private List<Row> where(List<Row> rows, List<Token> conditions) throws CliError {
        return Where.select(rows, Where.conditions(conditions, key -> true), this::property);
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(0, rds.mountPointUnlocked(), null));
        int n = 1;
        for (SimulatedDisk d : rds.disksUnlocked()) {
            rows.add(new Row(n++, d.slot(), d));
        }
        return rows;
    }

    /** A row's value of a property {@code where} can test; null for any other key. */
    private String property(Row row, String key) {
        SimulatedDisk d = row.disk();
        return switch (key) {
            case "slot" -> row.slot();
            case "type" -> d == null ? "raid" : d.type();
            case "mount-point" -> d == null ? rds.mountPointUnlocked() : "";
            case "file-path" -> d == null ? "" : d.filePath();
            case "nvme-tcp-server-nqn" -> d == null ? "" : d.nqn();
            case "nvme-tcp-server-allow-host-name" -> d == null ? "" : d.allowHostName();
            case "comment" -> d == null ? "" : d.comment();
            default -> null;
        };
    }
}
