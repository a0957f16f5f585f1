package io.srvlab.rds.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.srvlab.rds.routeros.DiskInfo;
import io.srvlab.rds.routeros.PrintItem;
import io.srvlab.rds.routeros.RouterOsParser;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Disks with an owner comment and a host restriction, printed by the simulator's CLI at the two console widths the
 * operator meets (78 without login options, 512 with {@code +cet512w}), parse back with the client's parser.
 */
class CommentedPrintProperties {
    private static final String OWNER_COMMENT =
            "rds-operator owner=0f923194-922a-5dd8-b376-c2c6ccb56dd8 volume=apps/postgres-data pool=rds-main";

    @Provide
    Arbitrary<String> comments() {
        return Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789 =/:.-")
                .ofMinLength(10)
                .ofMaxLength(300)
                .map(String::strip)
                .filter(s -> s.length() >= 10);
    }

    @Provide
    Arbitrary<Integer> widths() {
        return Arbitraries.of(78, 512);
    }

    @Provide
    Arbitrary<String> hostNames() {
        return Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.strings()
                        .withChars("abcdefghijklmnopqrstuvwxyz0123456789.:-")
                        .ofMinLength(1)
                        .ofMaxLength(120));
    }

    @Provide
    Arbitrary<String> slots() {
        return Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
                .ofMaxLength(62)
                .map(s -> "p" + s);
    }

    @Provide
    Arbitrary<String> dirs() {
        return Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
                .ofMaxLength(40)
                .map(s -> "/storage-pool/d" + s);
    }

    @Property(tries = 400)
    void commentAndHostNameParseBack(
            @ForAll("slots") String slot,
            @ForAll("dirs") String dir,
            @ForAll("comments") String comment,
            @ForAll("hostNames") String hostName,
            @ForAll("widths") int width,
            @ForAll boolean crlf,
            @ForAll boolean logLine)
            throws Exception {
        SimulatedRds rds = new SimulatedRds();
        SimulatorKnobs knobs = new SimulatorKnobs();
        CliInterpreter cli = new CliInterpreter(rds, knobs);
        String add = "/disk add type=file file-path=" + dir + "/" + slot + ".img file-size=50G"
                + " slot=\"" + slot + "\" nvme-tcp-export=yes nvme-tcp-server-port=4420"
                + " nvme-tcp-server-nqn=\"nqn.2000-02.com.mikrotik:" + slot + "\" mount-filesystem=no comment="
                + DetailPrinter.quoted(comment)
                + (hostName.isEmpty() ? "" : " nvme-tcp-server-allow-host-name=" + DetailPrinter.quoted(hostName));
        assertThat(cli.execute(add, width).text()).isEmpty();
        rds.putDisk(new SimulatedDisk("other", "/storage-pool/other.img", 1L << 30, true, 4420, "nqn.x:other", false));

        String text = cli.execute("/disk print detail", width).text();
        if (logLine) {
            text = text.replaceFirst("\n\n", "\n\n12:00:01 echo: system,info,account user admin logged in\n");
        }
        if (crlf) {
            text = text.replace("\n", "\r\n");
        }
        for (String line : text.split("\r?\n")) {
            if (!line.contains(";;;") && !line.contains("echo:") && !line.startsWith("Flags:")) {
                assertThat(line.length()).isLessThanOrEqualTo(width);
            }
        }

        List<PrintItem> items = RouterOsParser.parsePrintDetail(text);

        assertThat(items).extracting(PrintItem::comment).containsExactly("", comment, "");
        DiskInfo disk = RouterOsParser.disk(items.get(1));
        assertThat(disk.slot()).isEqualTo(slot);
        assertThat(disk.flags()).isEqualTo("Bt");
        assertThat(disk.filePath()).isEqualTo(dir + "/" + slot + ".img");
        assertThat(disk.sizeBytes()).isEqualTo(50L << 30);
        assertThat(disk.nqn()).isEqualTo("nqn.2000-02.com.mikrotik:" + slot);
        assertThat(disk.properties())
                .containsEntry("nvme-tcp-server-allow-host-name", hostName)
                .containsEntry("mount-filesystem", "no")
                .hasSize(25);
        assertThat(RouterOsParser.disk(items.get(2)).slot()).isEqualTo("other");
    }

    /**
     * A comment line longer than the console must not make a full-width line look short: here {@code file-path} is
     * split before {@code g}, which alone looks like the start of a key.
     */
    @Example
    void aLongCommentDoesNotHideAMidTokenSplit() throws Exception {
        commentAndHostNameParseBack(
                "p", "/storage-pool/d" + "a".repeat(33), "a".repeat(60) + " x=y/z:1.2-3", "", 78, true, false);
    }

    @Example
    void theItemLineCarriesTheCommentAndPropertiesStartBelowIt() {
        SimulatedRds rds = new SimulatedRds();
        rds.putDisk(new SimulatedDisk("pvc-a", "/storage-pool/a.img", 1L << 30, true, 4420, "nqn.x:a", false)
                .withComment(OWNER_COMMENT));
        String text = new CliInterpreter(rds, new SimulatorKnobs())
                .execute("/disk print detail where slot=pvc-a", 78)
                .text();
        assertThat(text.lines().toList()).element(1).isEqualTo(" 1 Bt" + " ".repeat(10) + ";;; " + OWNER_COMMENT);
        assertThat(text.lines().toList()).element(2).asString().startsWith(" ".repeat(15) + "type=file slot=\"pvc-a\"");
    }
}
