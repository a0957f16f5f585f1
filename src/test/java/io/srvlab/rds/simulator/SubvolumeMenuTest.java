package io.srvlab.rds.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /disk/btrfs/subvolume} in the simulator: subvolumes, snapshots that keep content, errors, and the switches. */
class SubvolumeMenuTest {
    private static final byte[] PATTERN = "rds-operator snapshot pattern".getBytes(StandardCharsets.US_ASCII);
    private static final String IMAGE = "/storage-pool/vols/a/a.img";

    private final SimulatedRds rds = new SimulatedRds();
    private final SimulatorKnobs knobs = new SimulatorKnobs();
    private final CliInterpreter cli = new CliInterpreter(rds, knobs);

    private CliInterpreter.Reply run(String line) {
        return cli.execute(line, 78);
    }

    @BeforeEach
    void volumeInASubvolume() {
        assertThat(run("/disk/btrfs/subvolume/add fs=storage-pool name=\"vols/a\"")
                        .text())
                .isEmpty();
        assertThat(run("/disk add type=file file-path=" + IMAGE + " file-size=1M slot=a nvme-tcp-export=yes")
                        .text())
                .isEmpty();
        rds.writeImage(IMAGE, 4096, PATTERN);
    }

    @Test
    void aReadOnlySnapshotKeepsWhatTheSourceHeldWhenItWasTaken() {
        assertThat(run("/disk/btrfs/subvolume/add read-only=yes parent=\"vols/a\" fs=storage-pool name=\"vols/s1\"")
                        .error())
                .isFalse();
        rds.writeImage(IMAGE, 4096, new byte[PATTERN.length]);

        assertThat(rds.readImage("/storage-pool/vols/s1/a.img", 4096, PATTERN.length))
                .as("the snapshot's copy")
                .isEqualTo(PATTERN);
        assertThat(rds.readImage(IMAGE, 4096, PATTERN.length))
                .as("the source diverged after the snapshot")
                .isEqualTo(new byte[PATTERN.length]);
        assertThat(rds.subvolume("vols/s1").orElseThrow())
                .extracting(SimulatedSubvolume::readOnly, SimulatedSubvolume::snapshotOf)
                .containsExactly(true, "vols/a");
        assertThat(rds.files()).containsEntry("storage-pool/vols/s1/a.img", 1L << 20);
    }

    @Test
    void aWritableSnapshotOfASnapshotCarriesTheContentAndADiskCanUseItsFile() {
        run("/disk/btrfs/subvolume/add read-only=yes parent=\"vols/a\" fs=storage-pool name=\"vols/s1\"");
        long free = rds.freeBytes();
        assertThat(run("/disk/btrfs/subvolume/add parent=\"vols/s1\" fs=storage-pool name=\"vols/b\"")
                        .error())
                .isFalse();
        assertThat(rds.freeBytes()).as("copy-on-write: no data copied").isEqualTo(free);

        knobs.existingFileError(null);
        assertThat(run("/disk add type=file file-path=/storage-pool/vols/b/a.img file-size=2M slot=b")
                        .text())
                .isEmpty();
        assertThat(rds.readImage("/storage-pool/vols/b/a.img", 4096, PATTERN.length))
                .isEqualTo(PATTERN);
        assertThat(rds.subvolume("vols/b").orElseThrow().readOnly()).isFalse();
    }

    @Test
    void withAttachKeepsDataOffTheAttachedFileStartsOverAsZeros() {
        run("/disk/btrfs/subvolume/add parent=\"vols/a\" fs=storage-pool name=\"vols/b\"");
        knobs.existingFileError(null).subvolumes().attachKeepsData(false);
        run("/disk add type=file file-path=/storage-pool/vols/b/a.img file-size=1M slot=b");
        assertThat(rds.readImage("/storage-pool/vols/b/a.img", 4096, PATTERN.length))
                .isEqualTo(new byte[PATTERN.length]);
    }

    @Test
    void aMissingFilesystemParentOrDuplicateNameIsAnError() {
        assertThat(run("/disk/btrfs/subvolume/add name=x").text()).isEqualTo("failure: fs not specified\n");
        assertThat(run("/disk/btrfs/subvolume/add fs=other name=x").text())
                .isEqualTo("input does not match any value of fs\n");
        assertThat(run("/disk/btrfs/subvolume/add fs=storage-pool parent=\"vols/none\" name=x")
                        .text())
                .isEqualTo("input does not match any value of parent\n");
        assertThat(run("/disk/btrfs/subvolume/add fs=storage-pool name=\"vols/a\"")
                        .text())
                .isEqualTo(SubvolumeKnobs.DEFAULT_DUPLICATE_ERROR + "\n");
        assertThat(run("/disk/btrfs/subvolume/add fs=storage-pool name=\"vols/../x\"")
                        .error())
                .isTrue();
        assertThat(rds.subvolumes()).extracting(SimulatedSubvolume::name).containsExactly("vols/a");
    }

    @Test
    void aSubvolumeThatHoldsADisksFileIsNotRemovedUntilTheDiskIs() {
        CliInterpreter.Reply refused = run("/disk/btrfs/subvolume/remove [find where name=\"vols/a\"]");
        assertThat(refused.text()).isEqualTo(SubvolumeKnobs.DEFAULT_IN_USE_ERROR + "\n");
        assertThat(rds.subvolume("vols/a")).isPresent();

        run("/disk remove [find slot=\"a\"]");
        assertThat(run("/disk/btrfs/subvolume/remove [find where name=\"vols/a\"]")
                        .text())
                .isEmpty();
        assertThat(rds.subvolumes()).isEmpty();
        assertThat(rds.files()).as("its files went with it").isEmpty();
    }

    @Test
    void withTheInUseCheckOffRemoveTakesTheFilesAndLeavesTheDiskItem() {
        knobs.subvolumes().refuseRemoveWhileDiskUsesFile(false);
        assertThat(run("/disk/btrfs/subvolume/remove [find where name=\"vols/a\"]")
                        .text())
                .isEmpty();
        assertThat(rds.disk("a")).isPresent();
        assertThat(rds.files()).isEmpty();
    }

    @Test
    void aRemoveWhoseFindMatchesNothingIsSilentAndABareUnknownNameIsNoSuchItem() {
        assertThat(run("/disk/btrfs/subvolume/remove [find where name=\"vols/zz\"]")
                        .text())
                .isEmpty();
        assertThat(run("/disk/btrfs/subvolume/remove \"vols/zz\"").text()).isEqualTo("no such item\n");
    }

    @Test
    void withoutParentCreationANestedNameNeedsItsDirectory() {
        knobs.subvolumes().createsParentDirectories(false);
        assertThat(run("/disk/btrfs/subvolume/add fs=storage-pool name=\"other/x\"")
                        .text())
                .isEqualTo(SubvolumeKnobs.DEFAULT_NO_DIRECTORY_ERROR + "\n");
        assertThat(run("/disk/btrfs/subvolume/add fs=storage-pool name=\"vols/x\"")
                        .error())
                .as("vols exists")
                .isFalse();
    }

    @Test
    void aWritableSnapshotOfAReadOnlyOneCanBeRefused() {
        run("/disk/btrfs/subvolume/add read-only=yes parent=\"vols/a\" fs=storage-pool name=\"vols/s1\"");
        knobs.subvolumes().writableSnapshotOfReadOnly(false);
        assertThat(run("/disk/btrfs/subvolume/add parent=\"vols/s1\" fs=storage-pool name=\"vols/b\"")
                        .error())
                .isTrue();
        assertThat(rds.subvolume("vols/b")).isEmpty();
    }

    @Test
    void printDetailShowsNameFilesystemAndReadOnlyAndFileListsTheDirectory() {
        run("/disk/btrfs/subvolume/add read-only=yes parent=\"vols/a\" fs=storage-pool name=\"vols/s1\"");
        String printed =
                run("/disk/btrfs/subvolume/print detail where name=\"vols/s1\"").text();
        assertThat(printed)
                .startsWith(" 0   fs=storage-pool name=\"vols/s1\" read-only=yes")
                .contains("path=/storage-pool/vols/s1");
        assertThat(run("/disk/btrfs/subvolume/print detail where name=\"vols/none\"")
                        .text())
                .isEmpty();
        assertThat(run("/file print detail where name=\"storage-pool/vols/s1\"").text())
                .contains("type=directory");
    }
}
