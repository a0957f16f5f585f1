package io.srvlab.rds.operator.rdsvolume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.srvlab.rds.api.ApiPatterns;
import io.srvlab.rds.api.RdsPoolConfigSpec.VolumeDefaults;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.operator.common.VolumeSlots;
import io.srvlab.rds.routeros.CreateDisk;
import io.srvlab.rds.routeros.RouterOsCommand;
import io.srvlab.rds.routeros.RouterOsCommands;
import io.srvlab.rds.routeros.RouterOsException;
import io.srvlab.rds.routeros.RouterOsValues;
import io.srvlab.rds.volume.VolumePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every RdsVolume / RdsPoolConfig field that reaches a RouterOS command is fuzzed through the real path (CR model →
 * {@link VolumePlans} → {@link RouterOsCommands}): the value is either refused with {@code INVALID_VALUE} (or the
 * plan refuses it), or the line is safe by {@link RouterOsLine} and the value comes back unchanged when unquoted.
 */
class CommandInjectionProperties {
    private static final String SPECIALS = ";[]$\"\\\n\r\t {}#=?()`'|&<>*!@%,+~^:/.";
    private static final String VALID_SLOT = "pvc-3f1c2d7a-0b1e-4c55-9d0a-1a2b3c4d5e6f";
    private static final String BASE = "/storage-pool/kubernetes-volumes";
    private static final String NQN_PREFIX = "nqn.2000-02.com.mikrotik";

    private static final Pattern CRD_SLOT = Pattern.compile(ApiPatterns.SLOT);
    private static final Pattern CRD_BASE_PATH = Pattern.compile(ApiPatterns.BASE_PATH);
    private static final Pattern CRD_NQN_PREFIX = Pattern.compile(ApiPatterns.NQN_PREFIX);
    private static final Pattern CRD_SIZE = Pattern.compile(ApiPatterns.SIZE);

    @Property(tries = 1000)
    void slotIsRefusedOrSafe(@ForAll("slots") String slot) {
        commandsAreSafe(
                volume(slot, "1Gi", "uid-1"), defaults(BASE, NQN_PREFIX), slot.isEmpty() ? "rdsv-uid-1" : slot, null);
    }

    @Property(tries = 1000)
    void uidIsRefusedOrSafe(@ForAll("uids") String uid) {
        commandsAreSafe(volume(null, "1Gi", uid), defaults(BASE, NQN_PREFIX), "rdsv-" + uid, null);
    }

    @Property(tries = 1000)
    void basePathIsRefusedOrSafe(@ForAll("basePaths") String basePath) {
        commandsAreSafe(volume(VALID_SLOT, "1Gi", "uid-1"), defaults(basePath, NQN_PREFIX), VALID_SLOT, basePath);
    }

    @Property(tries = 1000)
    void nqnPrefixIsRefusedOrSafe(@ForAll("nqnPrefixes") String prefix) {
        VolumePlan plan = commandsAreSafe(volume(VALID_SLOT, "1Gi", "uid-1"), defaults(BASE, prefix), VALID_SLOT, null);
        if (plan != null) {
            assertThat(plan.nqn()).isEqualTo(prefix + ":" + VALID_SLOT);
        }
    }

    @Property(tries = 1000)
    void sizeIsRefusedOrSafe(@ForAll("sizes") String size) {
        commandsAreSafe(volume(VALID_SLOT, size, "uid-1"), defaults(BASE, NQN_PREFIX), VALID_SLOT, null);
    }

    /** What the CRD admits for a size, the plan turns into bytes without throwing (else reconcile would loop). */
    @Property(tries = 1000)
    void sizeAdmittedByCrdNeverBreaksThePlan(@ForAll("sizes") String size) {
        if (CRD_SIZE.matcher(size).matches() && !size.matches("[0.]+")) {
            assertThatCode(() -> VolumePlans.bytes(size)).as(size).doesNotThrowAnyException();
        }
    }

    @Property(tries = 1000)
    void crdSlotPatternIsAtLeastAsStrict(@ForAll("slots") String slot) {
        if (CRD_SLOT.matcher(slot).matches()) {
            assertThatCode(() -> RouterOsValues.slot(slot)).as(slot).doesNotThrowAnyException();
            assertNoSpecials(slot);
        }
    }

    /** Anything the CRD admits as basePath gives a file path RouterOsValues accepts, with the longest slot. */
    @Property(tries = 1000)
    void crdBasePathPatternIsAtLeastAsStrict(@ForAll("basePaths") String basePath) {
        if (CRD_BASE_PATH.matcher(basePath).matches() && basePath.length() <= ApiPatterns.BASE_PATH_MAX_LENGTH) {
            String longest = basePath + "/" + "s".repeat(63) + ".img";
            assertThatCode(() -> RouterOsValues.absolutePath(longest))
                    .as(basePath)
                    .doesNotThrowAnyException();
            assertNoSpecials(basePath);
        }
    }

    /** Anything the CRD admits as nqnPrefix gives an NQN RouterOsValues accepts, with a uid-derived slot. */
    @Property(tries = 1000)
    void crdNqnPrefixPatternIsAtLeastAsStrict(@ForAll("nqnPrefixes") String prefix) {
        if (CRD_NQN_PREFIX.matcher(prefix).matches()) {
            String nqn = prefix + ":" + VolumeSlots.PREFIX + "0b1e3f1c-2d7a-4c55-9d0a-1a2b3c4d5e6f";
            assertThatCode(() -> RouterOsValues.nqn(nqn)).as(prefix).doesNotThrowAnyException();
            assertNoSpecials(prefix);
        }
    }

    private static VolumePlan commandsAreSafe(
            RdsVolume volume, VolumeDefaults defaults, String expectedSlot, String basePath) {
        VolumePlan plan;
        try {
            plan = VolumePlans.of(volume, PoolConfigs.withDefaults(defaults));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null; // the plan refuses it (unparsable quantity)
        }
        assertThat(plan.slot()).isEqualTo(expectedSlot);
        if (basePath != null) {
            assertThat(plan.filePath()).startsWith(basePath.endsWith("/") ? basePath : basePath + "/");
        }
        List<RouterOsCommand> built = new ArrayList<>();
        try {
            built.add(RouterOsCommands.addFileDisk(
                    new CreateDisk(plan.slot(), plan.filePath(), plan.sizeBytes(), plan.nvmeTcpPort(), plan.nqn())));
        } catch (RouterOsException e) {
            assertThat(e.kind()).isEqualTo(RouterOsException.Kind.INVALID_VALUE);
            return null;
        }
        RouterOsLine add = RouterOsLine.parse(built.get(0).line());
        assertThat(add.argumentNames())
                .containsExactly(
                        "type",
                        "file-path",
                        "file-size",
                        "slot",
                        "nvme-tcp-export",
                        "nvme-tcp-server-port",
                        "nvme-tcp-server-nqn",
                        "mount-filesystem");
        assertThat(add.quoted()).containsExactly(plan.filePath(), plan.slot(), plan.nqn());
        assertThat(add.words()).contains("file-size=" + sizeToken(plan.sizeBytes()));
        try {
            assertQuotes(RouterOsCommands.diskBySlot(plan.slot()), plan.slot());
            assertQuotes(RouterOsCommands.resizeDisk(plan.slot(), "", plan.sizeBytes()), plan.slot(), "");
            assertQuotes(RouterOsCommands.removeDisk(plan.slot(), ""), plan.slot(), "");
            assertQuotes(
                    RouterOsCommands.removeFile(plan.filePath()),
                    plan.filePath().substring(1));
            assertQuotes(RouterOsCommands.disksBySlotPrefix(plan.slot()), "^" + plan.slot());
        } catch (RouterOsException e) {
            throw new AssertionError("accepted by disk add but refused by a follow-up command", e);
        }
        return plan;
    }

    private static void assertQuotes(RouterOsCommand command, String... values) {
        assertThat(RouterOsLine.parse(command.line()).quoted()).containsExactly(values);
    }

    private static String sizeToken(long bytes) {
        try {
            return io.srvlab.rds.routeros.DiskSize.roundUp(bytes).cli();
        } catch (RouterOsException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertNoSpecials(String value) {
        assertThat(value).doesNotContainPattern("[;\\[\\]$\"\\\\\\s{}#=?()]").matches("\\p{ASCII}*");
    }

    private static RdsVolume volume(String slot, String size, String uid) {
        var volume = new RdsVolume();
        volume.setMetadata(new ObjectMetaBuilder()
                .withName("v")
                .withNamespace("apps")
                .withUid(uid)
                .build());
        volume.setSpec(RdsVolumeSpec.of("rds-main", size, RdsVolumeSpec.DeletionPolicy.Delete, slot));
        return volume;
    }

    private static VolumeDefaults defaults(String basePath, String nqnPrefix) {
        return new VolumeDefaults(basePath, 4420, nqnPrefix, null);
    }

    @Provide
    Arbitrary<String> slots() {
        return hostileOr(
                Arbitraries.strings().withChars("abcXYZ019-").ofMinLength(1).ofMaxLength(70));
    }

    @Provide
    Arbitrary<String> uids() {
        return hostileOr(Arbitraries.create(() -> java.util.UUID.randomUUID().toString()));
    }

    @Provide
    Arbitrary<String> basePaths() {
        Arbitrary<String> segment =
                Arbitraries.strings().withChars("abZ09._-").ofMinLength(1).ofMaxLength(140);
        Arbitrary<String> paths = segment.list().ofMinSize(1).ofMaxSize(18).map(s -> "/" + String.join("/", s));
        return hostileOr(Arbitraries.oneOf(paths, Arbitraries.of(BASE, BASE + "/", "/", "/a/../b", "/.hidden")));
    }

    @Provide
    Arbitrary<String> nqnPrefixes() {
        Arbitrary<String> near = Combinators.combine(
                        Arbitraries.integers().between(1990, 2099),
                        Arbitraries.integers().between(0, 19),
                        Arbitraries.strings()
                                .withChars("abz09.-")
                                .ofMinLength(1)
                                .ofMaxLength(170))
                .as((year, month, rest) -> "nqn.%d-%02d.%s".formatted(year, month, "a" + rest));
        return hostileOr(Arbitraries.oneOf(near, Arbitraries.just(NQN_PREFIX)));
    }

    @Provide
    Arbitrary<String> sizes() {
        Arbitrary<String> quantities = Combinators.combine(
                        Arbitraries.longs().between(0, Long.MAX_VALUE).map(String::valueOf),
                        Arbitraries.of("", ".5", ".0001"),
                        Arbitraries.of("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "k", "M", "G", "T", "P", "E", "m"))
                .as((n, fraction, unit) -> n + fraction + unit);
        Arbitrary<String> small = Combinators.combine(
                        Arbitraries.integers().between(0, 70000), Arbitraries.of("Mi", "Gi", "Ti", "", "k"))
                .as((n, unit) -> n + unit);
        return hostileOr(Arbitraries.oneOf(quantities, small, Arbitraries.of("1e3", "1E3", "+1Gi", "-1Gi", "0x10")));
    }

    /** {@code valid} mixed with arbitrary strings, near-valid mutants (one special inserted) and very long strings. */
    private static Arbitrary<String> hostileOr(Arbitrary<String> valid) {
        Arbitrary<String> arbitrary = Arbitraries.strings()
                .withChars(SPECIALS)
                .withCharRange('a', 'z')
                .withCharRange('0', '9')
                .withChars('é', 'ß', '中', '\u0000', '\u007f', '\u00a0', '\u2028', '\uFEFF', '\uFF1B')
                .ofMaxLength(40);
        Arbitrary<String> mutant = Combinators.combine(
                        valid,
                        Arbitraries.of(SPECIALS.chars()
                                .mapToObj(c -> String.valueOf((char) c))
                                .toList()),
                        Arbitraries.integers().between(0, 1000))
                .as((v, special, at) -> {
                    int i = v.isEmpty() ? 0 : at % (v.length() + 1);
                    return v.substring(0, i) + special + v.substring(i);
                });
        Arbitrary<String> longOnes = valid.map(v -> v + "-" + "a".repeat(300));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, valid),
                net.jqwik.api.Tuple.of(3, mutant),
                net.jqwik.api.Tuple.of(3, arbitrary),
                net.jqwik.api.Tuple.of(1, longOnes));
    }
}
