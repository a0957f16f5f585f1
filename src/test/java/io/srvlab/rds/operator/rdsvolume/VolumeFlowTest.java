package io.srvlab.rds.operator.rdsvolume;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.srvlab.rds.api.RdsPoolConfigStatus;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec.DeletionPolicy;
import io.srvlab.rds.api.RdsVolumeStatus;
import io.srvlab.rds.api.RdsVolumeStatus.Phase;
import io.srvlab.rds.operator.common.ConditionTypes;
import io.srvlab.rds.operator.common.Conditions;
import io.srvlab.rds.operator.common.VolumeSlots;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.simulator.SimulatorKeys;
import io.srvlab.rds.volume.OwnerMarker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whole reconciles of an RdsVolume — admission, provisioning, drift, deletion — over an in-memory RDS, in
 * milliseconds: what is sent to the RDS, what the volume's status and events say, what becomes of its slot lease.
 */
class VolumeFlowTest {
    private static final String UID = "0b5c2f4e-1111-2222-3333-444455556666";
    private static final long GIB = 1L << 30;

    private final RouterOsSimulator simulator =
            new RouterOsSimulator("127.0.0.1", 0, SimulatorKeys.ed25519(), List.of(), null);
    private VolumeFlow flow = VolumeFlow.over(simulator);

    @AfterEach
    void close() {
        flow.close();
    }

    @Test
    void aRestartLeavesSettledVolumesUnwritten() {
        RdsVolume volume = VolumeFlow.volume(UID, DeletionPolicy.Delete);
        assertThat(flow.reconcile(volume).isPatchStatus()).isTrue();
        assertThat(volume.getStatus().phase()).isEqualTo(Phase.Ready);
        List<String> before = flow.mutations();

        flow = flow.restarted(false);
        var waiting = flow.reconcile(volume);
        assertThat(waiting.isNoUpdate())
                .as("no pool yet: a Ready volume waits unwritten")
                .isTrue();
        assertThat(waiting.getScheduleDelay()).contains(Duration.ofSeconds(5).toMillis());

        flow = flow.restarted(true);
        var checked = flow.reconcile(volume);
        assertThat(checked.isNoUpdate())
                .as("the drift check finds the disk as it was")
                .isTrue();
        assertThat(flow.events.reasons()).isEmpty();
        assertThat(flow.mutations()).isEqualTo(before);
    }

    @Test
    void notEnoughSpaceSendsNothing() {
        simulator.rds().capacity(100 * GIB, GIB / 2);
        RdsVolume volume = VolumeFlow.volume(UID, DeletionPolicy.Delete);

        var control = flow.reconcile(volume);

        assertThat(flow.mutations()).isEmpty();
        assertThat(volume.getStatus().phase()).isEqualTo(Phase.Failed);
        assertThat(readyReason(volume.getStatus())).isEqualTo("NotEnoughSpace");
        assertThat(control.getScheduleDelay())
                .as("looked at again every status interval")
                .contains(Duration.ofSeconds(30).toMillis());
        assertThat(flow.events.reasons()).containsExactly("NotEnoughSpace");
    }

    @Test
    void aRefusalReleasesTheLease() {
        RdsVolume volume = VolumeFlow.volume(UID, DeletionPolicy.Delete);
        String slot = VolumeSlots.of(volume);
        String other = new OwnerMarker("99999999-1111-2222-3333-444455556666", "evil", "x", "rds-main").text();
        simulator.rds().putDisk(disk(slot).withComment(other));

        flow.reconcile(volume);

        assertThat(readyReason(volume.getStatus())).isEqualTo("DiskOwnedByAnotherVolume");
        assertThat(flow.leases.holders())
                .as("the slot is free for a volume that may use it")
                .isEmpty();
        assertThat(flow.mutations()).isEmpty();
    }

    @Test
    void driftFindsADiskRemovedOutsideKubernetes() {
        RdsVolume volume = VolumeFlow.volume(UID, DeletionPolicy.Delete);
        flow.reconcile(volume);
        simulator.rds().reset();
        simulator.reset();

        flow.reconcile(volume);

        assertThat(volume.getStatus().phase()).isEqualTo(Phase.Failed);
        assertThat(readyReason(volume.getStatus())).isEqualTo("DiskMissing");
        assertThat(flow.mutations()).as("a lost disk is not recreated").isEmpty();
    }

    @Test
    void retainSendsNothingOnDeletion() {
        RdsVolume volume = VolumeFlow.volume(UID, DeletionPolicy.Retain);
        flow.reconcile(volume);
        List<String> before = flow.mutations();

        var control = flow.delete(volume);

        assertThat(control.isRemoveFinalizer()).isTrue();
        assertThat(flow.mutations()).isEqualTo(before);
        assertThat(simulator.rds().disk(VolumeSlots.of(volume))).isPresent();
        assertThat(flow.events.reasons()).endsWith("Retained");
        assertThat(flow.leases.holders()).isEmpty();
    }

    @Test
    void aPodUsingTheVolumeBlocksDeletion() {
        RdsVolume volume = VolumeFlow.volume(UID, DeletionPolicy.Delete);
        flow.reconcile(volume);
        String pv = "rdsv-" + UID;
        volume.setStatus(volume.getStatus().withPersistentVolume(pv));
        inUseBy(pv, "db-0");
        List<String> before = flow.mutations();

        var control = flow.delete(volume);

        assertThat(control.isRemoveFinalizer()).isFalse();
        assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(5).toMillis());
        assertThat(flow.mutations()).isEqualTo(before);
        assertThat(flow.cluster.statusPatches()).singleElement().satisfies(patch -> {
            var status = ((RdsVolume) patch).getStatus();
            assertThat(status.phase()).isEqualTo(Phase.Deleting);
            assertThat(readyReason(status)).isEqualTo("VolumeInUse");
        });
    }

    @Test
    void aDeletionBeforeThisProcessHasAPoolLooksAgainSoonWhenNoEventWouldWakeIt() {
        RdsVolume volume = VolumeFlow.volume(UID, DeletionPolicy.Delete);
        flow.reconcile(volume);
        List<String> before = flow.mutations();
        flow = flow.restarted(false);

        var configNotReady = flow.delete(volume);
        assertThat(configNotReady.isRemoveFinalizer()).isFalse();
        assertThat(configNotReady.getScheduleDelay())
                .as("the config turning Ready wakes the volume; the recheck is only a fallback")
                .contains(Duration.ofSeconds(30).toMillis());

        flow.config.setStatus(RdsPoolConfigStatus.empty()
                .withConditions(1L, List.of(Conditions.of(ConditionTypes.READY, true, "PoolReady", "serving"))));
        var readyFromBefore = flow.delete(volume);
        assertThat(readyFromBefore.isRemoveFinalizer()).isFalse();
        assertThat(readyFromBefore.getScheduleDelay())
                .as("a status that says Ready from before the restart will not change when this pool comes up")
                .contains(Duration.ofSeconds(5).toMillis());
        assertThat(flow.mutations()).isEqualTo(before);
        assertThat(simulator.rds().disk(VolumeSlots.of(volume))).isPresent();
    }

    /** The volume's PersistentVolume, bound to claim {@code data} that Pod {@code pod} mounts. */
    private void inUseBy(String pv, String pod) {
        flow.cluster.put(new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(pv)
                .addToLabels("rds.srvlab.io/volume-uid", UID)
                .endMetadata()
                .withNewSpec()
                .withClaimRef(new ObjectReferenceBuilder()
                        .withNamespace("apps")
                        .withName("data")
                        .build())
                .endSpec()
                .build());
        flow.cluster.put(new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withNamespace("apps")
                .withName("data")
                .endMetadata()
                .withNewSpec()
                .withVolumeName(pv)
                .endSpec()
                .build());
        flow.cluster.put(new PodBuilder()
                .withNewMetadata()
                .withNamespace("apps")
                .withName(pod)
                .endMetadata()
                .withNewSpec()
                .addNewVolume()
                .withName("data")
                .withNewPersistentVolumeClaim()
                .withClaimName("data")
                .endPersistentVolumeClaim()
                .endVolume()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build());
    }

    private static String readyReason(RdsVolumeStatus status) {
        return Conditions.find(status.conditions(), ConditionTypes.READY)
                .orElseThrow()
                .getReason();
    }

    private static SimulatedDisk disk(String slot) {
        return new SimulatedDisk(
                slot,
                "/storage-pool/kubernetes-volumes/" + slot + ".img",
                GIB,
                true,
                4420,
                "nqn.2000-02.com.mikrotik:" + slot,
                false);
    }
}
