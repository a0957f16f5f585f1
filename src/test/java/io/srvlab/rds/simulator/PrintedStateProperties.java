package io.srvlab.rds.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.srvlab.rds.routeros.DiskInfo;
import io.srvlab.rds.routeros.RouterOsParser;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Any disk state the simulator prints, at any console width from 48 columns up, parses back to the same state. Below
 * about 47 columns (15-column indent plus the 32-character {@code nvme-tcp-server-allow-host-name=}) the console
 * would have to split property names, and a split name after a full-width path fragment is ambiguous; RouterOS
 * consoles are 78+ columns (512 with the {@code +cet512w} login option).
 */
class PrintedStateProperties {

    @Provide
    Arbitrary<List<SimulatedDisk>> disks() {
        Arbitrary<String> slot = Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
                .ofMinLength(0)
                .ofMaxLength(62)
                .map(s -> "p" + s);
        Arbitrary<String> dir = Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
                .ofMinLength(0)
                .ofMaxLength(40)
                .map(s -> "/storage-pool/d" + s);
        Arbitrary<Long> size = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 1L << 50),
                Arbitraries.of(1L << 30, 53_687_091_200L, 1_000_000_000L, 999L, 1024L, 2048L));
        Arbitrary<Integer> port = Arbitraries.integers().between(1, 65535);
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        return Combinators.combine(slot, dir, size, port, bool, bool)
                .as((s, d, bytes, p, export, mount) -> new SimulatedDisk(
                        s, d + "/" + s + ".img", bytes, export, p, "nqn.2000-02.com.mikrotik:" + s, mount))
                .list()
                .ofMaxSize(5);
    }

    @Property(tries = 400)
    void printedDisksParseBack(
            @ForAll("disks") List<SimulatedDisk> state,
            @ForAll @IntRange(min = 48, max = 600) int width,
            @ForAll boolean crlf,
            @ForAll boolean header,
            @ForAll boolean logLine)
            throws Exception {
        List<DetailPrinter.Item> items = new ArrayList<>();
        for (int i = 0; i < state.size(); i++) {
            SimulatedDisk d = state.get(i);
            items.add(new DetailPrinter.Item(i * 7, DiskDetail.flags(d), DiskDetail.fileDisk(d)));
        }
        String text = DetailPrinter.print(header ? SimulatorKnobs.DEFAULT_FLAGS_HEADER : null, items, width);
        if (logLine && text.contains("\n\n")) {
            text = text.replaceFirst("\n\n", "\n\n12:00:01 echo: system,info,account user admin logged in\n");
        }
        if (crlf) {
            text = text.replace("\n", "\r\n");
        }
        for (String line : text.split("\r?\n")) {
            if (!line.contains("echo:") && !line.startsWith("Flags:")) {
                assertThat(line.length()).isLessThanOrEqualTo(width);
            }
        }

        List<DiskInfo> parsed = RouterOsParser.disks(text);

        assertThat(parsed).hasSize(state.size());
        for (int i = 0; i < state.size(); i++) {
            SimulatedDisk d = state.get(i);
            DiskInfo p = parsed.get(i);
            assertThat(p.slot()).isEqualTo(d.slot());
            assertThat(p.type()).isEqualTo("file");
            assertThat(p.filePath()).isEqualTo(d.filePath());
            assertThat(p.sizeBytes()).isEqualTo(d.fileSizeBytes());
            assertThat(p.nvmeTcpExport()).isEqualTo(d.nvmeTcpExport());
            assertThat(p.nvmeTcpPort()).isEqualTo(d.nvmeTcpPort());
            assertThat(p.nqn()).isEqualTo(d.nqn());
            assertThat(p.flags()).isEqualTo(DiskDetail.flags(d));
            assertThat(p.properties())
                    .containsEntry("model", d.filePath())
                    .containsEntry("mount-filesystem", d.mountFilesystem() ? "yes" : "no")
                    .containsEntry("file-size", DetailPrinter.human(d.fileSizeBytes()))
                    .containsEntry("nvme-tcp-server-allow-host-name", "")
                    .hasSize(25);
        }
    }

    @Property(tries = 200)
    void humanSizesStayWithinOneDecimalOfExact(@ForAll("sizes") long bytes) throws Exception {
        long approx = RouterOsParser.humanSize(DetailPrinter.human(bytes));
        assertThat((double) Math.abs(approx - bytes)).isLessThanOrEqualTo(Math.max(1, bytes * 0.05 / 2048 * 1024));
    }

    @Provide
    Arbitrary<Long> sizes() {
        return Arbitraries.longs().between(0, 1L << 50);
    }
}
