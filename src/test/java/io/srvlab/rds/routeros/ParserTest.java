package io.srvlab.rds.routeros;

import static org.assertj.core.api.Assertions.assertThat;

import io.srvlab.rds.routeros.RouterOsException.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {

    private static final String HEADER = "Flags: X - disabled; B - block-device; M - mounted; t - nvme-tcp-export\r\n";

    @Test
    void numberedItemWithFlagsCrlfAndLogLine() throws Exception {
        String out = HEADER
                + " 1 Bt          type=file slot=\"pvc-a\" slot-default=\"\" parent=\"\" fs=-\r\n"
                + "               size=1 073 741 824 file-path=/storage-pool/a.img\r\n"
                + "17:20:06 echo: system,error,critical login failure for user admin from 1.2.3.4 via ssh\r\n"
                + "               nvme-tcp-export=yes nvme-tcp-server-port=4420\r\n"
                + "\r\n"
                + " 7 B           type=file slot=\"pvc-b\" size=0 file-path=/storage-pool/b.img\r\n";
        List<DiskInfo> disks = RouterOsParser.disks(out);
        assertThat(disks).hasSize(2);
        assertThat(disks.get(0).flags()).isEqualTo("Bt");
        assertThat(disks.get(0).sizeBytes()).isEqualTo(1L << 30);
        assertThat(disks.get(0).nvmeTcpPort()).isEqualTo(4420);
        assertThat(disks.get(1).flags()).isEqualTo("B");
        assertThat(disks.get(1).nvmeTcpExport()).isFalse();
    }

    @Test
    void headerAloneMeansNothingMatched() throws Exception {
        assertThat(RouterOsParser.parsePrintDetail(HEADER)).isEmpty();
        assertThat(RouterOsParser.parsePrintDetail("")).isEmpty();
        assertThat(RouterOsParser.parsePrintDetail(null)).isEmpty();
    }

    @Test
    void flagLegendWrappedOverSeveralLines() throws Exception {
        String out = "Flags: X - disabled; A - acquired; E - empty; B - block-device; M - mounted;\n"
                + "  F - formatting; t - nvme-tcp-export\n"
                + " 0 B   type=file slot=\"x\" size=5\n";
        assertThat(RouterOsParser.parsePrintDetail(out)).singleElement().satisfies(i -> assertThat(i.get("slot"))
                .isEqualTo("x"));
    }

    @Test
    void commentLine() throws Exception {
        String out = " 0 B   ;;; made by rds-operator\n      type=file slot=\"x\" size=5\n";
        PrintItem item = RouterOsParser.parsePrintDetail(out).get(0);
        assertThat(item.comment()).isEqualTo("made by rds-operator");
        assertThat(item.get("slot")).isEqualTo("x");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // wrapped at the space between thousands groups: the continuation starts with digits
                " 0  type=file slot=\"a\" size=53 687|091 200 file-path=/p.img|53687091200",
                " 0  type=file slot=\"a\" size=53|687 091 200 file-path=/p.img|53687091200",
                " 0  type=file slot=\"a\" size=536|870 912 file-path=/p.img|536870912",
                // split inside a group (mid-token)
                " 0  type=file slot=\"a\" size=53 68|7 091 200 file-path=/p.img|53687091200",
                " 0  type=file slot=\"a\" size=5|3 687 091 200 file-path=/p.img|53687091200",
            })
    void wrappedNumbers(String first, String second, long expected) throws Exception {
        String out = first + "\n    " + second + "\n";
        assertThat(RouterOsParser.disks(out).get(0).sizeBytes()).isEqualTo(expected);
    }

    @Test
    void midTokenSplitsOfKeysQuotedValuesAndPaths() throws Exception {
        String out = " 0  type=file slot=\"pvc-1\"\n"
                + "    nvme-tcp-server-nqn=\"nqn.2000-02.com.mik\n"
                + "    rotik:pvc-1\" nvme-tcp-server-allow-hos\n"
                + "    t-name=\"\" file-path=/storage-pool/k/pvc-1234\n"
                + "    5.img size=1\n";
        // "rotik…" line has spaces, so the line after it joins with a space unless the split rule applies
        PrintItem item = RouterOsParser.parsePrintDetail(out.replace(
                        "    rotik:pvc-1\" nvme-tcp-server-allow-hos\n    t-name",
                        "    rotik:pvc-1\"\n    nvme-tcp-server-allow-hos\n    t-name"))
                .get(0);
        assertThat(item.get("nvme-tcp-server-nqn")).isEqualTo("nqn.2000-02.com.mikrotik:pvc-1");
        assertThat(item.get("nvme-tcp-server-allow-host-name")).isEmpty();
        assertThat(item.properties()).containsKey("file-path");
    }

    @Test
    void splitLongPathOnItsOwnLine() throws Exception {
        String out = " 0  type=file slot=\"a\"\n"
                + "    file-path=/storage-pool/metal-csi/pvc-0f923194-922a\n"
                + "    -5dd8-b376-c2c6ccb56dd8.img file-size=1.0GiB\n";
        assertThat(RouterOsParser.parsePrintDetail(out).get(0).get("file-path"))
                .isEqualTo("/storage-pool/metal-csi/pvc-0f923194-922a-5dd8-b376-c2c6ccb56dd8.img");
    }

    @Test
    void quotedValuesAreUnescaped() throws Exception {
        String out = "comment=\"a \\\"b\\\" \\\\ \\$x\" name=n\n";
        assertThat(RouterOsParser.parsePrintDetail(out).get(0).get("comment")).isEqualTo("a \"b\" \\ $x");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "bad command name foo (line 1 column 1)|SYNTAX",
                "syntax error (line 1 column 10)|SYNTAX",
                "expected end of command (line 1 column 24)|SYNTAX",
                "expected command name (line 1 column 3)|SYNTAX",
                "no such item|NOT_FOUND",
                "failure: no such item|NOT_FOUND",
                "input does not match any value of type|INVALID_VALUE",
                "invalid value for argument file-size|INVALID_VALUE",
                "failure: not enough space|NOT_ENOUGH_SPACE",
                "not enough space|NOT_ENOUGH_SPACE",
                "failure: already have such entry|SLOT_CONFLICT",
                "failure: already have disk with such slot|SLOT_CONFLICT",
                "failure: file already exists|SLOT_CONFLICT",
                "failure: device is busy|BUSY",
                "failure: operation in progress|BUSY",
                "interrupted|BUSY",
                "failure: something else|FAILURE",
                "Script Error: bad command name this (line 1 column 1)|SYNTAX",
            })
    void errorShapes(String text, Kind kind) {
        for (String noise : new String[] {"", "17:20:06 echo: system,info log line\n"}) {
            RouterOsException e = RouterOsParser.error(new CommandOutput(noise + text + "\r\n", "", 0))
                    .orElseThrow();
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.isTransportFailure()).isFalse();
            assertThat(e.getMessage()).isEqualTo(text.replace("Script Error: ", ""));
        }
    }

    @Test
    void nonZeroExitWithoutTextIsAFailure() {
        assertThat(RouterOsParser.error(new CommandOutput("", "", 1)))
                .hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo(Kind.FAILURE));
        assertThat(RouterOsParser.error(new CommandOutput("", "", 0))).isEmpty();
        assertThat(RouterOsParser.error(new CommandOutput("", "", null))).isEmpty();
    }

    @Test
    void dataThatMentionsErrorWordsIsNotAnError() {
        String out = " 0  type=file slot=\"busy-disk\" comment=\"no such item\" size=1\n";
        assertThat(RouterOsParser.error(new CommandOutput(out, "", 0))).isEmpty();
    }

    @Test
    void numbersAndSizes() throws Exception {
        assertThat(RouterOsParser.number("7 681 574 174 720")).isEqualTo(7_681_574_174_720L);
        assertThat(RouterOsParser.humanSize("50.0GiB")).isEqualTo(50L << 30);
        assertThat(RouterOsParser.humanSize("1924.1KiB")).isEqualTo(1_970_278L);
        assertThat(RouterOsParser.humanSize("0")).isZero();
    }
}
