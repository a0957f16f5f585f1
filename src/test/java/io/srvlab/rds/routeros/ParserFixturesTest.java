package io.srvlab.rds.routeros;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.srvlab.rds.routeros.RouterOsException.Kind;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in the shared fixtures directory (copied to test resources) is parsed and checked here. */
class ParserFixturesTest {

    @FunctionalInterface
    interface Check {
        void verify(String text) throws Exception;
    }

    private static final Map<String, Check> CHECKS = new TreeMap<>();

    static {
        CHECKS.put("disk-print-detail-single.txt", text -> {
            List<DiskInfo> disks = RouterOsParser.disks(text);
            assertThat(disks).hasSize(1);
            DiskInfo d = disks.get(0);
            assertThat(d.slot()).isEqualTo("pvc-test-123");
            assertThat(d.type()).isEqualTo("file");
            assertThat(d.sizeBytes()).isEqualTo(53_687_091_200L);
            assertThat(d.filePath()).isEqualTo("/storage-pool/test.img");
            assertThat(d.nvmeTcpExport()).isTrue();
            assertThat(d.nvmeTcpPort()).isEqualTo(4420);
            assertThat(d.nqn()).isEqualTo("nqn.2000-02.com.mikrotik:pvc-test-123");
            assertThat(d.properties())
                    .containsEntry("file-size", "50.0GiB")
                    .containsEntry("slot-default", "")
                    .containsEntry("model", "/storage-pool/test.img")
                    .containsEntry("fs", "-")
                    .containsEntry("nvme-tcp-server-allow-host-name", "")
                    .containsEntry("file-offset", "0")
                    .hasSize(25);
        });
        CHECKS.put("disk-print-detail-list.txt", text -> {
            List<PrintItem> items = RouterOsParser.parsePrintDetail(text);
            assertThat(items).extracting(PrintItem::number).containsExactly(0, 1);
            List<DiskInfo> disks = RouterOsParser.disks(text);
            assertThat(disks).extracting(DiskInfo::slot).containsExactly("pvc-test-1", "pvc-test-2");
            assertThat(disks).extracting(DiskInfo::sizeBytes).containsExactly(53_687_091_200L, 107_374_182_400L);
            assertThat(disks)
                    .extracting(DiskInfo::filePath)
                    .containsExactly("/storage-pool/test1.img", "/storage-pool/test2.img");
            assertThat(disks.get(1).nqn()).isEqualTo("nqn.2000-02.com.mikrotik:pvc-test-2");
        });
        CHECKS.put("disk-print-detail-wrapped-file-path.txt", text -> assertThat(
                        RouterOsParser.parsePrintDetail(text).get(0).get("file-path"))
                .isEqualTo("/storage-pool/metal-csi/pvc-xxx-yyy.img"));
        CHECKS.put("file-print-detail.txt", text -> {
            List<PrintItem> items = RouterOsParser.parsePrintDetail(text);
            assertThat(items).hasSize(3);
            assertThat(items.get(0).properties())
                    .containsEntry("name", "storage-pool/metal-csi")
                    .containsEntry("type", "directory")
                    .containsEntry("last-modified", "2025-11-11 16:47:07");
            assertThat(items.get(1).properties())
                    .containsEntry("name", "storage-pool/metal-csi/pvc-ccdecfad-a8bf-572e-9120-464c4d99f12f.img")
                    .containsEntry("type", ".img file")
                    .containsEntry("size", "10.0GiB")
                    .containsEntry("last-modified", "2025-11-11 14:32:41");
            assertThat(RouterOsParser.humanSize(items.get(2).get("size"))).isEqualTo(1L << 30);
        });
        CHECKS.put("mount-point-capacity.txt", text -> assertThat(RouterOsParser.capacity("storage-pool", text))
                .isEqualTo(new Capacity("storage-pool", 7_681_574_174_720L, 7_301_927_047_168L)));
        CHECKS.put("capacity-test-hybrid.txt", text -> {
            PrintItem item = RouterOsParser.parsePrintDetail(text).get(0);
            assertThat(item.properties())
                    .containsEntry("name", "/storage-pool")
                    .containsEntry("use", "27%")
                    .containsEntry("creation-time", "jan/01/2025 00:00:00");
            assertThat(RouterOsParser.capacity("storage-pool", text).freeBytes())
                    .isEqualTo(5_632_440_000_000L);
        });
        CHECKS.put("disk-monitor-traffic-once.txt", text -> {
            Map<String, String> kv = RouterOsParser.parseKeyValues(text);
            assertThat(kv).hasSize(22).containsEntry("slot", "storage-pool").containsEntry("write-rate", "12.8Mbps");
            assertThat(RouterOsParser.number(kv.get("write-bytes"))).isEqualTo(515_659_673_600L);
            assertThat(RouterOsParser.number(kv.get("read-ops"))).isEqualTo(243_401L);
        });
        CHECKS.put("vendor-doc/rose-raid-print-detail.txt", text -> {
            PrintItem item = RouterOsParser.parsePrintDetail(text).get(0);
            assertThat(item.number()).isEqualTo(21);
            assertThat(item.flags()).isEqualTo("BM");
            assertThat(item.properties())
                    .containsEntry("slot", "raid1")
                    .containsEntry("model", "RAID6 2-parity-disks")
                    .containsEntry("raid-state", "clean")
                    .containsEntry("media-interface", "none");
            assertThat(RouterOsParser.capacity("raid1", text))
                    .isEqualTo(new Capacity("raid1", 17_283_541_893_120L, 17_283_538_190_336L));
        });
        CHECKS.put("vendor-doc/disk-print-table-sed.txt", text -> assertThatThrownBy(
                        () -> RouterOsParser.parsePrintDetail(text))
                .isInstanceOfSatisfying(
                        RouterOsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNPARSEABLE)));
        CHECKS.put("vendor-doc/file-print-detail-7.16.txt", text -> {
            List<PrintItem> items = RouterOsParser.parsePrintDetail(text);
            assertThat(items).extracting(PrintItem::number).containsExactly(0, 1, 2, 3, 4, 5, 6);
            assertThat(items.get(0).properties())
                    .containsEntry("package-name", "wireless")
                    .containsEntry("package-architecture", "arm")
                    .containsEntry("package-build-time", "2024-10-10 14:03:32");
            assertThat(items.get(4).properties())
                    .containsEntry("type", ".json file")
                    .containsEntry("size", "0");
            assertThat(items.get(5).properties()).containsEntry("type", "file");
        });
        CHECKS.put("vendor-doc/api-trap-input-does-not-match.txt", text -> assertError(text, Kind.INVALID_VALUE));
        CHECKS.put("vendor-doc/script-error-bad-command-name.txt", text -> assertError(text, Kind.SYNTAX));
        CHECKS.put("reconstructed/disk-print-detail-not-found.txt", text -> {
            assertThat(RouterOsParser.parsePrintDetail(text)).isEmpty();
            assertNoError(text);
        });
        CHECKS.put("reconstructed/error-already-have-such-entry.txt", text -> assertError(text, Kind.SLOT_CONFLICT));
        CHECKS.put("reconstructed/error-bad-command-name.txt", text -> assertError(text, Kind.SYNTAX));
        CHECKS.put("reconstructed/error-expected-end-of-command.txt", text -> assertError(text, Kind.SYNTAX));
        CHECKS.put("reconstructed/error-input-does-not-match.txt", text -> assertError(text, Kind.INVALID_VALUE));
        CHECKS.put("reconstructed/error-no-such-item-bare.txt", text -> assertError(text, Kind.NOT_FOUND));
        CHECKS.put("reconstructed/error-no-such-item.txt", text -> assertError(text, Kind.NOT_FOUND));
        CHECKS.put("reconstructed/error-not-enough-space.txt", text -> assertError(text, Kind.NOT_ENOUGH_SPACE));
        CHECKS.put("reconstructed/error-syntax-error.txt", text -> assertError(text, Kind.SYNTAX));
        CHECKS.put("reconstructed/disk-add-success-empty.txt", ParserFixturesTest::assertNoError);
        CHECKS.put("reconstructed/file-remove-success-empty.txt", ParserFixturesTest::assertNoError);
        CHECKS.put("reconstructed/system-identity-print.txt", text -> assertThat(RouterOsParser.parseKeyValues(text))
                .containsExactly(Map.entry("name", "MikroTik")));
        CHECKS.put("reconstructed/system-resource-print.txt", text -> assertThat(RouterOsParser.parseKeyValues(text))
                .containsEntry("version", "7.16 (stable)")
                .containsEntry("board-name", "CHR QEMU Standard PC (i440FX + PIIX, 1996)")
                .hasSize(17));
        CHECKS.put("reconstructed/log-echo-interleaved.txt", text -> {
            assertThat(RouterOsParser.parsePrintDetail(text)).isEmpty();
            assertThat(RouterOsParser.parseKeyValues(text)).isEmpty();
            assertNoError(text);
        });
    }

    /** Error text is recognised on stdout and stderr, with exit status 0, 1 or none. */
    private static void assertError(String text, Kind kind) {
        for (Integer exit : new Integer[] {0, 1, null}) {
            for (boolean onStderr : new boolean[] {false, true}) {
                CommandOutput out = onStderr ? new CommandOutput("", text, exit) : new CommandOutput(text, "", exit);
                assertThat(RouterOsParser.error(out))
                        .as("%s on %s exit %s", text.strip(), onStderr ? "stderr" : "stdout", exit)
                        .hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo(kind));
            }
        }
    }

    private static void assertNoError(String text) {
        assertThat(RouterOsParser.error(new CommandOutput(text, "", 0))).isEmpty();
    }

    private static Path fixtures() throws URISyntaxException {
        return Path.of(
                ParserFixturesTest.class.getResource("/routeros/fixtures").toURI());
    }

    static Stream<Arguments> fixtureFiles() throws Exception {
        Path root = fixtures();
        try (Stream<Path> files = Files.walk(root)) {
            return files
                    .filter(p -> p.toString().endsWith(".txt"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .map(Arguments::of)
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureFiles")
    void fixtureParses(String name) throws Exception {
        String text = Files.readString(fixtures().resolve(name), StandardCharsets.UTF_8);
        Check check = CHECKS.get(name);
        assertThat(check).as("no parser check for fixture %s", name).isNotNull();
        check.verify(text);
        // Real devices send CRLF: every fixture must parse the same way with CRLF line endings.
        check.verify(text.replace("\n", "\r\n"));
    }

    @Test
    void everyCheckHasItsFixture() throws Exception {
        Set<String> present;
        try (Stream<Arguments> s = fixtureFiles()) {
            present = s.map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        }
        assertThat(present).containsExactlyInAnyOrderElementsOf(CHECKS.keySet());
    }

    @Test
    void fixturesMatchTheSharedCopyWhenPresent() throws IOException, URISyntaxException {
        Path shared = Path.of("..", "shared", "routeros", "fixtures");
        if (!Files.isDirectory(shared)) {
            return; // CI checkouts have only the committed copy
        }
        try (Stream<Path> files = Files.walk(shared)) {
            // The captures must be byte for byte the same; INDEX.md describes them in this repository's words.
            for (Path p : files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals("INDEX.md"))
                    .toList()) {
                Path copy = fixtures().resolve(shared.relativize(p).toString());
                assertThat(copy).as("fixture %s copied to test resources", p).exists();
                assertThat(Files.readString(copy)).isEqualTo(Files.readString(p));
            }
        }
    }
}
