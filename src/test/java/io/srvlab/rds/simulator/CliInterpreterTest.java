package io.srvlab.rds.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulator's CLI subset without SSH: quoting, chaining, find, error shapes. */
class CliInterpreterTest {
    private final SimulatedRds rds = new SimulatedRds();
    private final SimulatorKnobs knobs = new SimulatorKnobs();
    private final CliInterpreter cli = new CliInterpreter(rds, knobs);

    @BeforeEach
    void oneDisk() {
        assertThat(run("/disk add type=file file-path=/storage-pool/a.img file-size=1G slot=pvc-a"
                        + " nvme-tcp-export=yes nvme-tcp-server-port=4420 nvme-tcp-server-nqn=nqn.2000-02.x:a"))
                .isEmpty();
    }

    private String run(String line) {
        CliInterpreter.Reply r = cli.execute(line, 78);
        return r.text();
    }

    @Test
    void semicolonsAndNewlinesChainCommandsAsOnRouterOs() {
        run("/disk remove [find slot=\"pvc-a\"]; /file remove [find name=\"storage-pool/a.img\"]");
        assertThat(rds.disks()).isEmpty();
        assertThat(rds.files()).isEmpty();
    }

    @Test
    void aSetOrRemoveActsOnlyOnTheDiskItsWholeFindExpressionSelects() {
        String marker = "rds-operator owner=u-1 volume=ns/a pool=p";
        rds.putDisk(new SimulatedDisk("nvme1", "", 1L << 30, true, 4420, "nqn.x:nvme1", false).withType("partition"));

        assertThat(run("/disk set [find slot=\"pvc-a\" and type=file and comment=\"" + marker + "\"] file-size=2G"))
                .as("a comment that is not the disk's: silent, nothing changed")
                .isEmpty();
        assertThat(rds.disk("pvc-a").orElseThrow().fileSizeBytes()).isEqualTo(1L << 30);
        assertThat(run("/disk set [find slot=\"nvme1\" and type=file and comment=\"\"] comment=\"" + marker + "\""))
                .isEmpty();
        assertThat(rds.disk("nvme1").orElseThrow().comment())
                .as("not a file disk")
                .isEmpty();

        assertThat(run("/disk set [find slot=\"pvc-a\" and type=file and comment=\"\"] comment=\"" + marker + "\""))
                .isEmpty();
        assertThat(rds.disk("pvc-a").orElseThrow().comment()).isEqualTo(marker);
        assertThat(run("/disk set [find slot=\"pvc-a\" and type=file and comment=\"\"] comment=\"someone else\""))
                .isEmpty();
        assertThat(rds.disk("pvc-a").orElseThrow().comment())
                .as("marked once, by the first")
                .isEqualTo(marker);

        run("/disk remove [find slot=\"pvc-a\" and type=file and comment=\"\"]");
        assertThat(rds.disk("pvc-a")).isPresent();
        run("/disk remove [find slot=\"pvc-a\" and type=file and comment=\"" + marker + "\"]");
        assertThat(rds.disk("pvc-a")).isEmpty();
        assertThat(rds.files()).as("the file stays").containsKey("storage-pool/a.img");
    }

    @Test
    void quotedValuesKeepMetacharactersInert() {
        assertThat(run("/disk print detail where slot=\"pvc-a; /disk remove [find]\""))
                .isEqualTo(SimulatorKnobs.DEFAULT_FLAGS_HEADER + "\n");
        assertThat(rds.disks()).hasSize(1);
        assertThat(run("/disk print detail where slot=\"\\$x\"")).isEqualTo(SimulatorKnobs.DEFAULT_FLAGS_HEADER + "\n");
        assertThat(run("/disk print detail where slot=\"$x\"")).startsWith("syntax error");
    }

    @Test
    void prefixMatchIsARegex() {
        run("/disk add type=file file-path=/storage-pool/b.img file-size=1M slot=xpvc-b");
        assertThat(run("/disk print detail where slot~\"pvc-\""))
                .contains("pvc-a")
                .contains("xpvc-b");
        assertThat(run("/disk print detail where slot~\"^pvc-\""))
                .contains("pvc-a")
                .doesNotContain("xpvc-b");
    }

    @Test
    void orJoinsAlternativesAndBindsLooserThanAnd() {
        run("/disk add type=file file-path=/storage-pool/b.img file-size=1M slot=pvc-b nvme-tcp-server-nqn=nqn.x:b");
        run("/disk add type=file file-path=/storage-pool/c.img file-size=1M slot=pvc-c");
        assertThat(run("/disk print detail where slot=\"pvc-a\" or file-path=/storage-pool/c.img"))
                .contains("pvc-a")
                .contains("pvc-c")
                .doesNotContain("pvc-b");
        assertThat(run("/disk print detail where slot=\"pvc-b\" and type=raid or nvme-tcp-server-nqn=\"nqn.x:b\""))
                .as("(slot and type) or nqn")
                .contains("pvc-b")
                .doesNotContain("pvc-a");
        assertThat(run("/disk print detail where slot=\"pvc-b\" and type=raid or slot=\"none\""))
                .isEqualTo(SimulatorKnobs.DEFAULT_FLAGS_HEADER + "\n");
        run("/disk remove [find slot=\"pvc-b\" or slot=\"pvc-c\"]");
        assertThat(rds.disks()).extracting(SimulatedDisk::slot).containsExactly("pvc-a");
        assertThat(run("/disk print detail where or slot=\"pvc-a\"")).startsWith("syntax error");
        assertThat(run("/disk print detail where slot=\"pvc-a\" or")).startsWith("syntax error");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "test|bad command name test (line 1 column 1)",
                "/system/resource/print bogus=1|expected end of command (line 1 column 24)",
                "/disk add type=bogus file-path=/a.img file-size=1G|input does not match any value of type",
                "/disk add type=file file-path=/b.img file-size=1.5G slot=b|invalid value for argument file-size",
                "/disk add type=file file-path=/b.img file-size=1G slot=pvc-a|failure: already have such entry",
                "/disk add type=file file-path=/storage-pool/a.img file-size=1G slot=b|failure: file already exists",
                "/disk remove pvc-none|no such item",
                "/disk set pvc-a bogus=1|expected end of command (line 1 column 17)",
                "/disk print detail where slot=\"unterminated|syntax error (line 1 column 44)",
            })
    void errors(String line, String expected) {
        CliInterpreter.Reply r = cli.execute(line, 78);
        assertThat(r.error()).isTrue();
        assertThat(r.text()).isEqualTo(expected + "\n");
    }

    @Test
    void resizeGrowsTheFileAndFreeSpaceFollows() {
        long free = rds.freeBytes();
        assertThat(run("/disk set [find slot=\"pvc-a\"] file-size=2G")).isEmpty();
        assertThat(rds.disk("pvc-a").orElseThrow().fileSizeBytes()).isEqualTo(2L << 30);
        assertThat(rds.freeBytes()).isEqualTo(free - (1L << 30));
        assertThat(run("/disk set [find slot=\"none\"] file-size=2G")).isEmpty();
        knobs.emptyFindError("no such item");
        assertThat(cli.execute("/disk set [find slot=\"none\"] file-size=2G", 78)
                        .error())
                .isTrue();
    }

    @Test
    void capacityAndFilePrint() {
        String out = run("/disk print detail where mount-point=\"storage-pool\"");
        assertThat(out).contains("type=raid").contains("free=").contains("use=");
        String files = run("/file print detail");
        assertThat(files)
                .contains(" 0   name=storage-pool type=directory")
                .contains(" 1   name=storage-pool/a.img type=.img file size=1024.0MiB");
    }

    @Test
    void commentAndAllowedHostAreStoredSetAndPrinted() {
        String comment = "rds-operator owner=1f2e volume=apps/data pool=rds-main";
        assertThat(run("/disk add type=file file-path=/storage-pool/b.img file-size=1G slot=\"pvc-b\""
                        + " nvme-tcp-export=yes nvme-tcp-server-port=4420 nvme-tcp-server-nqn=\"nqn.x:b\""
                        + " mount-filesystem=no comment=\"" + comment + "\""
                        + " nvme-tcp-server-allow-host-name=\"node-1\""))
                .isEmpty();
        assertThat(rds.disk("pvc-b").orElseThrow())
                .extracting(SimulatedDisk::comment, SimulatedDisk::allowHostName)
                .containsExactly(comment, "node-1");
        assertThat(run("/disk print detail where slot=pvc-b"))
                .contains(" 2 Bt          ;;; " + comment + "\n" + " ".repeat(15) + "type=file slot=\"pvc-b\"")
                .contains("nvme-tcp-server-allow-host-name=\"node-1\"");
        assertThat(run("/disk print detail where slot=pvc-a"))
                .doesNotContain(";;;")
                .contains("nvme-tcp-server-allow-host-name=\"\"");

        assertThat(run("/disk set [find slot=\"pvc-b\"] comment=\"moved\" nvme-tcp-server-allow-host-name=\"\""))
                .isEmpty();
        assertThat(rds.disk("pvc-b").orElseThrow())
                .extracting(SimulatedDisk::comment, SimulatedDisk::allowHostName)
                .containsExactly("moved", "");
        assertThat(rds.disk("pvc-b").orElseThrow().fileSizeBytes()).isEqualTo(1L << 30);
        assertThat(run("/disk set [find slot=\"pvc-b\"] comment=\"\"")).isEmpty();
        assertThat(run("/disk print detail where slot=pvc-b")).doesNotContain(";;;");
    }

    @Test
    void diskWhereOnFilePathCommentAndAllowedHost() {
        rds.putDisk(new SimulatedDisk("pvc-b", "/storage-pool/b.img", 1L << 20, true, 4420, "nqn.x:b", false)
                .withComment("rds-operator owner=u-1 volume=ns/b pool=p")
                .withAllowHostName("node-1"));
        assertThat(slots("file-path=/storage-pool/b.img")).containsExactly("pvc-b");
        assertThat(slots("file-path=\"/storage-pool/a.img\"")).containsExactly("pvc-a");
        assertThat(slots("file-path=/storage-pool/b")).isEmpty();
        assertThat(slots("comment=\"rds-operator owner=u-1 volume=ns/b pool=p\""))
                .containsExactly("pvc-b");
        assertThat(slots("comment~\"owner=u-1 \"")).containsExactly("pvc-b");
        assertThat(slots("comment=\"\" slot~\"pvc\"")).containsExactly("pvc-a");
        assertThat(slots("nvme-tcp-server-allow-host-name=node-1")).containsExactly("pvc-b");
        assertThat(slots("slot~\"pvc\" and nvme-tcp-server-allow-host-name=\"\""))
                .containsExactly("pvc-a");
        assertThat(run("/disk remove [find comment~\"owner=u-1 \"]")).isEmpty();
        assertThat(rds.disks()).extracting(SimulatedDisk::slot).containsExactly("pvc-a");
    }

    private java.util.List<String> slots(String where) {
        return java.util.regex.Pattern.compile("slot=\"([^\"]*)\"")
                .matcher(run("/disk print detail where " + where))
                .results()
                .map(m -> m.group(1))
                .filter(slot -> !slot.equals("storage-pool"))
                .toList();
    }

    @Test
    void fileWhereNameExactAndRegexReadsBackThatAFileIsGone() {
        rds.putFile("storage-pool/kubernetes-volumes/detached.img", 5L << 20);
        rds.putFile("/storage-pool/kubernetes-volumes/other.img", 1L << 20);
        assertThat(rds.files())
                .containsEntry("storage-pool/kubernetes-volumes/detached.img", 5L << 20)
                .containsEntry("storage-pool/kubernetes-volumes/other.img", 1L << 20);
        assertThat(rds.disks()).hasSize(1);
        assertThat(run("/file print detail where name=\"storage-pool/kubernetes-volumes/detached.img\""))
                .startsWith(" 0   name=storage-pool/kubernetes-volumes/detached.img type=.img file\n")
                .contains(" size=5.0MiB ")
                .doesNotContain(" 1   ");
        assertThat(run("/file print detail where name~\"^storage-pool/kubernetes-volumes/.*[.]img\\$\""))
                .contains("detached.img")
                .contains("other.img")
                .doesNotContain("type=directory");
        assertThat(run("/file print detail where name=\"storage-pool/kubernetes-volumes/detached\""))
                .isEmpty();

        assertThat(run("/file remove [find name=\"storage-pool/kubernetes-volumes/detached.img\"]"))
                .isEmpty();
        assertThat(run("/file print detail where name=\"storage-pool/kubernetes-volumes/detached.img\""))
                .isEmpty();
        assertThat(rds.files()).doesNotContainKey("storage-pool/kubernetes-volumes/detached.img");
    }

    @Test
    void aBadRegexIsAnErrorNotADroppedConnection() {
        CliInterpreter.Reply file = cli.execute("/file print detail where name~\"(\"", 78);
        CliInterpreter.Reply disk = cli.execute("/disk print detail where comment~\"(\"", 78);
        assertThat(file.error()).isTrue();
        assertThat(file.text()).startsWith("invalid regular expression");
        assertThat(disk.error()).isTrue();
    }

    @Test
    void identityAndResource() {
        assertThat(run("/system identity print")).isEqualTo("  name: RDS\n");
        assertThat(run("/system/resource/print")).contains("            version: 7.16 (stable)\n");
    }

    @Test
    void humanSizes() {
        assertThat(DetailPrinter.human(50L << 30)).isEqualTo("50.0GiB");
        assertThat(DetailPrinter.human(1L << 30)).isEqualTo("1024.0MiB");
        assertThat(DetailPrinter.human(1_970_278)).isEqualTo("1924.1KiB");
        assertThat(DetailPrinter.human(0)).isEqualTo("0");
        assertThat(DetailPrinter.grouped(53_687_091_200L)).isEqualTo("53 687 091 200");
    }
}
