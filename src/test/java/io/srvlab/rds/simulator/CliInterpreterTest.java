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
