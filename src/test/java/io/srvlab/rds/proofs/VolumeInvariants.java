package io.srvlab.rds.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.testing.Readiness;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;

/**
 * The end state every proof demands of the volumes of one namespace on one base path: each RdsVolume is Ready, or
 * Failed with a permanent reason from the allowed set; the RDS holds exactly one disk and one file per Ready volume,
 * of at least the asked size; nothing else lives under the base path (no orphans, no duplicates).
 */
final class VolumeInvariants {
    private VolumeInvariants() {}

    static void assertConverged(
            List<RdsVolume> volumes, RouterOsSimulator simulator, String basePath, Set<String> permanentReasons) {
        var soft = new SoftAssertions();
        List<SimulatedDisk> disks = disksUnder(simulator, basePath);
        // (The simulator, like RouterOS, refuses a second disk in a slot; a duplicate would be a second slot.)
        Map<String, SimulatedDisk> diskBySlot =
                disks.stream().collect(Collectors.toMap(SimulatedDisk::slot, Function.identity()));

        Map<String, RdsVolume> readyBySlot = volumes.stream()
                .filter(Readiness::isReady)
                .collect(Collectors.toMap(v -> v.getStatus().slot(), Function.identity()));
        for (RdsVolume volume : volumes) {
            String name = volume.getMetadata().getName();
            if (Readiness.isReady(volume)) {
                long asked = Quantity.getAmountInBytes(
                                new Quantity(volume.getSpec().size()))
                        .longValue();
                SimulatedDisk disk = diskBySlot.get(volume.getStatus().slot());
                soft.assertThat(disk).as("disk of Ready volume %s", name).isNotNull();
                if (disk != null) {
                    soft.assertThat(disk.fileSizeBytes())
                            .as("disk size of %s", name)
                            .isGreaterThanOrEqualTo(asked);
                }
                soft.assertThat(volume.getStatus().capacityBytes())
                        .as("capacity of %s", name)
                        .isNotNull()
                        .isGreaterThanOrEqualTo(asked);
                continue;
            }
            Condition ready = Readiness.ready(volume).orElse(null);
            soft.assertThat(ready).as("Ready condition of %s", name).isNotNull();
            if (ready != null) {
                soft.assertThat(ready.getReason())
                        .as("%s is neither Ready nor permanently failed: %s", name, ready.getMessage())
                        .isIn(permanentReasons);
                soft.assertThat(volume.getStatus().phase())
                        .as("phase of %s", name)
                        .isEqualTo(Phase.Failed);
            }
        }
        soft.assertThat(disks)
                .as("disks under %s that no Ready volume owns", basePath)
                .extracting(SimulatedDisk::slot)
                .allMatch(readyBySlot::containsKey);
        String fileDir = basePath.substring(1) + "/";
        Set<String> expectedFiles = readyBySlot.values().stream()
                .map(v -> v.getStatus().filePath().substring(1))
                .collect(Collectors.toSet());
        soft.assertThat(filesUnder(simulator, fileDir))
                .as("files under %s", basePath)
                .containsExactlyInAnyOrderElementsOf(expectedFiles);
        soft.assertAll();
    }

    /** After every volume is deleted: nothing left under the base path. */
    static void assertNothingLeft(RouterOsSimulator simulator, String basePath) {
        assertThat(disksUnder(simulator, basePath))
                .as("disks left under %s", basePath)
                .isEmpty();
        assertThat(filesUnder(simulator, basePath.substring(1) + "/"))
                .as("files left under %s", basePath)
                .isEmpty();
    }

    static List<SimulatedDisk> disksUnder(RouterOsSimulator simulator, String basePath) {
        return simulator.rds().disks().stream()
                .filter(d -> d.filePath().startsWith(basePath + "/"))
                .toList();
    }

    private static List<String> filesUnder(RouterOsSimulator simulator, String fileDir) {
        return simulator.rds().files().keySet().stream()
                .filter(f -> f.startsWith(fileDir))
                .toList();
    }
}
