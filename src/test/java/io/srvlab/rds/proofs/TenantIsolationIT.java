package io.srvlab.rds.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchResourcesBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.EditReplacePatchable;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsSnapshot;
import io.srvlab.rds.api.RdsSnapshotSpec;
import io.srvlab.rds.api.RdsSnapshotStatus;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.api.RdsVolumeSpec;
import io.srvlab.rds.api.RdsVolumeSpec.DeletionPolicy;
import io.srvlab.rds.simulator.RouterOsSimulator;
import io.srvlab.rds.simulator.SimulatedDisk;
import io.srvlab.rds.testing.OperatorInstallation;
import io.srvlab.rds.testing.OperatorProcess;
import io.srvlab.rds.testing.Readiness;
import io.srvlab.rds.testing.ServiceAccounts;
import io.srvlab.rds.testing.TestCluster;
import io.srvlab.rds.volume.OwnerMarker;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two tenants share one RDS: namespaces {@code tenant-a} and {@code tenant-b}, each acting only as its own
 * ServiceAccount (a TokenRequest token) whose Role allows get/list/watch/create/patch/delete of RdsVolumes in its own
 * namespace. The packaged operator runs as its ServiceAccount against the simulator. In every case a tenant tries to
 * reach a disk or file that is not its own; the refused volume must say why in its Ready condition, and the
 * simulator's command log over the case (a complete window, {@link RouterOsSimulator#commandLogSince(long)}) must show
 * no {@code /disk set}, {@code /disk remove} or {@code /file remove} on the other tenant's disk or file, which must
 * still be there unchanged.
 *
 * <p>Two pool configs point at the same simulator (so slots are shared between them): {@value #ADOPT} lets
 * {@code tenant-a} adopt unmarked disks, {@value #STRICT} lets nobody. The operator runs with a permanent-failure
 * recheck of 5 s instead of the default 10 min, so refused volumes are retried several times during a case (and must
 * still touch nothing) and the rename case sees its refused volume look again once the old one is gone.
 */
class TenantIsolationIT {
    static final String A = "tenant-a";
    static final String B = "tenant-b";
    static final String ADOPT = "ten-adopt";
    static final String STRICT = "ten-strict";
    private static final String ADOPT_BASE = "/storage-pool/ten-adopt";
    private static final String STRICT_BASE = "/storage-pool/ten-strict";
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Set<String> TAKEN = Set.of("SlotClaimed", "DiskOwnedByAnotherVolume");
    private static final long GIB = 1L << 30;
    private static final int RACES = 10;
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);
    /** The three commands that change a disk or file, and the slot or file name they name. */
    private static final Pattern MUTATION = Pattern.compile(
            "^/(disk set|disk remove|file remove) \\[find (slot|name)=\"((?:[^\"\\\\]|\\\\.)*)\"(?:]| )");

    private static ProofEnvironment env;
    private static RouterOsSimulator sim;
    private static OperatorProcess operator;
    private static KubernetesClient tenantA;
    private static KubernetesClient tenantB;

    @BeforeAll
    static void twoTenantsAndTheOperator() {
        env = ProofEnvironment.get();
        sim = env.simulator();
        List<String> verbs = List.of("get", "list", "watch", "create", "patch", "delete");
        tenantA = ServiceAccounts.tenant(TestCluster.get(), A, "tenant", verbs);
        tenantB = ServiceAccounts.tenant(TestCluster.get(), B, "tenant", verbs);
        // Refusals are looked at again every 5 s (permanent) and 3 s (blocked: a slot another volume holds; a
        // snapshot over its namespace's budget) here; the defaults are 10 min and 30 s.
        operator = env.startOperator(
                "tenants",
                Map.of(
                        "rds.volume.permanent-failure-recheck", "5s",
                        "rds.volume.blocked-recheck", "3s",
                        "rds.snapshot.budget-recheck", "3s"));
        env.createPoolConfig(ADOPT, ADOPT_BASE, "  tenancy: {adoptionNamespaces: [" + A + "]}\n");
        env.createPoolConfig(STRICT, STRICT_BASE, "");
        await("both pool configs Ready")
                .atMost(SETTLE)
                .until(() -> Readiness.isReady(env.poolConfig(ADOPT)) && Readiness.isReady(env.poolConfig(STRICT)));

        // The tenants are what they claim to be: nothing outside their namespace's RdsVolumes.
        assertForbidden(() -> tenantB.resources(RdsVolume.class).inNamespace(A).list());
        assertForbidden(() ->
                tenantB.resource(volume(A, "intruder", STRICT, null, null)).create());
        assertForbidden(() -> tenantA.resources(RdsPoolConfig.class).list());
        assertForbidden(() ->
                tenantA.secrets().inNamespace(OperatorInstallation.NAMESPACE).list());
    }

    @AfterAll
    static void cleanUp() {
        try {
            if (operator != null && operator.isAlive()) {
                for (String ns : List.of(A, B)) {
                    env.deleteAllVolumes(ns, SETTLE);
                }
                env.deletePoolConfig(ADOPT);
                env.deletePoolConfig(STRICT);
            }
        } finally {
            if (tenantA != null) tenantA.close();
            if (tenantB != null) tenantB.close();
            if (operator != null) operator.close();
        }
        // The namespaces stay: without kube-controller-manager nothing would finish deleting them.
    }

    /** a. A tenant names another tenant's slot (also in other letter case), with deletionPolicy Delete. */
    @Test
    void anotherTenantsSlotIsRefusedAndDeletingTheClaimRemovesNothing() {
        var c = Case.start("a other slot");
        RdsVolume owner = create(tenantA, volume(A, "a-data", STRICT, "a-data", null));
        awaitReady(tenantA, A, "a-data");
        SimulatedDisk disk = sim.rds().disk("a-data").orElseThrow();
        assertThat(markerUid(disk)).contains(uid(owner));
        String file = fileName(STRICT_BASE, "a-data");
        Map<String, Long> files = sim.rds().files();
        long mark = sim.commands();

        create(tenantB, volume(B, "steal", STRICT, "a-data", DeletionPolicy.Delete));
        create(tenantB, volume(B, "steal-upper", STRICT, "A-DATA", DeletionPolicy.Delete));
        for (String name : List.of("steal", "steal-upper")) {
            Condition refused = awaitReason(tenantB, B, name, TAKEN);
            // Finding 8: the refusal names no other tenant; the operator's namespace has the details.
            assertThat(refused.getMessage())
                    .as(name)
                    .contains("another RdsVolume")
                    .doesNotContain(A)
                    .doesNotContain(uid(owner));
            assertThat(operatorEventsAbout(B + "/" + name))
                    .as("the details, on the operator's Pod in its namespace")
                    .anySatisfy(message -> assertThat(message).contains(A + "/a-data"));
        }
        deleteAndAwaitGone(tenantB, B, "steal");
        deleteAndAwaitGone(tenantB, B, "steal-upper");

        assertUntouched(sim.commandLogSince(mark), Set.of("a-data"), Set.of(file));
        assertThat(sim.rds().disk("a-data")).contains(disk);
        assertThat(sim.rds().files()).containsEntry(file, files.get(file));
        assertThat(Readiness.isReady(get(tenantA, A, "a-data")))
                .as("tenant-a's volume still Ready")
                .isTrue();
        c.report();
    }

    /** b. The operator's own slot prefix, in any letter case, even naming another tenant's derived slot exactly. */
    @Test
    void theOperatorsSlotPrefixIsRefusedAtAdmission() {
        var c = Case.start("b rdsv- slot");
        RdsVolume derived = create(tenantA, volume(A, "b-derived", STRICT, null, null));
        RdsVolume ready = awaitReady(tenantA, A, "b-derived");
        String slot = ready.getStatus().slot();
        assertThat(slot).isEqualTo("rdsv-" + uid(derived));
        SimulatedDisk disk = sim.rds().disk(slot).orElseThrow();
        long mark = sim.commands();

        List<String> attempts = List.of(slot, slot.toUpperCase(Locale.ROOT), "Rdsv-mine", "RDSV-x");
        for (int i = 0; i < attempts.size(); i++) {
            String name = "b-reserved-" + i;
            RdsVolume attempt = volume(B, name, STRICT, attempts.get(i), DeletionPolicy.Delete);
            assertThatThrownBy(() -> tenantB.resource(attempt).create())
                    .as("slot %s", attempts.get(i))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(422);
                        assertThat(e.getMessage())
                                .contains("slots starting with rdsv- are reserved for disks the operator names itself");
                    });
            assertThat(get(tenantB, B, name)).as("%s was not stored", name).isNull();
        }

        List<String> window = sim.commandLogSince(mark);
        assertThat(window).as("no command names a refused slot").noneMatch(line -> attempts.stream()
                .skip(1)
                .anyMatch(s -> line.toLowerCase(Locale.ROOT).contains(s.toLowerCase(Locale.ROOT))));
        assertUntouched(window, Set.of(slot), Set.of(fileName(STRICT_BASE, slot)));
        assertThat(sim.rds().disk(slot)).contains(disk);
        c.report();
    }

    /**
     * c. An unmarked disk: a namespace that may not adopt is refused and leaves it as it was, also while its volume
     * still exists; the one that may adopts it, and deleting it without an explicit policy keeps the disk.
     */
    @Test
    void adoptionOnlyFromTheAllowedNamespaceAndAnAdoptedDiskIsRetained() {
        var c = Case.start("c adoption");
        String file = fileName(ADOPT_BASE, "c-legacy");
        var legacy =
                new SimulatedDisk("c-legacy", "/" + file, GIB, true, 4420, "nqn.2000-02.com.mikrotik:c-legacy", false);
        sim.rds().putDisk(legacy);
        long mark = sim.commands();

        create(tenantB, volume(B, "c-take", ADOPT, "c-legacy", null));
        Condition refused = awaitReason(tenantB, B, "c-take", Set.of("AdoptionNotAllowed"));
        assertThat(refused.getMessage())
                .contains("without an owner marker")
                .contains("does not let this namespace adopt");
        assertThat(sim.rds().disk("c-legacy")).contains(legacy);
        assertUntouched(sim.commandLogSince(mark), Set.of("c-legacy"), Set.of(file));
        // (Each recheck claims the slot again for the moment of its look-up.)
        String refusedUid = uid(get(tenantB, B, "c-take"));
        await("a volume refused for what its slot holds keeps no claim on it")
                .atMost(Duration.ofSeconds(10))
                .until(() -> !slotClaimHolders().contains(refusedUid));

        RdsVolume adopter = create(tenantA, volume(A, "c-adopt", ADOPT, "c-legacy", null));
        RdsVolume adopted = awaitReady(tenantA, A, "c-adopt");
        assertThat(Readiness.ready(adopted).orElseThrow().getReason()).isEqualTo("Adopted");
        assertThat(adopted.getStatus().adopted()).isTrue();
        SimulatedDisk marked = sim.rds().disk("c-legacy").orElseThrow();
        assertThat(markerUid(marked)).contains(uid(adopter));
        assertThat(marked).isEqualTo(legacy.withComment(marked.comment()));
        List<String> adoption = mutations(sim.commandLogSince(mark));
        assertThat(adoption)
                .as("the only change: tenant-a's marker")
                .singleElement()
                .asString()
                .startsWith(
                        "/disk set [find slot=\"c-legacy\" and type=file and comment=\"\"] comment=\"rds-operator owner="
                                + uid(adopter));

        long afterAdoption = sim.commands();
        deleteAndAwaitGone(tenantB, B, "c-take");
        deleteAndAwaitGone(tenantA, A, "c-adopt");
        assertUntouched(sim.commandLogSince(afterAdoption), Set.of("c-legacy"), Set.of(file));
        assertThat(sim.rds().disk("c-legacy")).as("retained").contains(marked);
        assertThat(sim.rds().files()).containsEntry(file, GIB);
        c.report();
    }

    /** d. A detached image file whose name a new volume's slot would produce: neither reused nor removed. */
    @Test
    void aDetachedImageIsNeitherReusedNorRemoved() {
        var c = Case.start("d detached image");
        String file = fileName(STRICT_BASE, "d-image");
        sim.rds().putFile(file, 3 * GIB);
        long mark = sim.commands();

        create(tenantB, volume(B, "d-image", STRICT, "d-image", DeletionPolicy.Delete));
        Condition refused = awaitReason(tenantB, B, "d-image", Set.of("FileExists"));
        assertThat(refused.getMessage())
                .contains("/" + file)
                .contains("a detached image is never reused or overwritten");
        deleteAndAwaitGone(tenantB, B, "d-image");

        List<String> window = sim.commandLogSince(mark);
        assertUntouched(window, Set.of("d-image"), Set.of(file));
        assertThat(window).noneMatch(line -> line.startsWith("/disk add"));
        assertThat(sim.rds().disk("d-image")).isEmpty();
        assertThat(sim.rds().files()).containsEntry(file, 3 * GIB);
        c.report();
    }

    /**
     * e. A GitOps rename within one tenant: {@code new} names the slot of {@code old} and is applied before
     * {@code old} is pruned. {@code new} is refused while {@code old} lives. Deleting {@code old} with deletionPolicy
     * Retain keeps the disk, which still carries {@code old}'s marker: {@code new} is then refused with
     * DiskOwnedByAnotherVolume (a marked disk is never adopted), and deleting {@code new} leaves the disk alone. (With
     * old's default policy, Delete, pruning it removes the disk and {@code new} later gets a new, empty one.)
     */
    @Test
    void aRenameNeitherStealsNorRemovesTheDisk() {
        var c = Case.start("e rename");
        RdsVolume old = create(tenantA, volume(A, "old", STRICT, "e-rename", null));
        awaitReady(tenantA, A, "old");
        SimulatedDisk disk = sim.rds().disk("e-rename").orElseThrow();
        String file = fileName(STRICT_BASE, "e-rename");
        long mark = sim.commands();

        create(tenantA, volume(A, "new", STRICT, "e-rename", null));
        Condition claimed = awaitReason(tenantA, A, "new", Set.of("SlotClaimed"));
        assertThat(claimed.getMessage()).contains("claimed by another RdsVolume");
        assertUntouched(sim.commandLogSince(mark), Set.of("e-rename"), Set.of(file));

        tenantA.resources(RdsVolume.class).inNamespace(A).withName("old").edit(v -> {
            var spec = v.getSpec();
            v.setSpec(RdsVolumeSpec.of(spec.poolConfigName(), spec.size(), DeletionPolicy.Retain, spec.slot()));
            return v;
        });
        deleteAndAwaitGone(tenantA, A, "old");
        Condition owned = awaitReason(tenantA, A, "new", Set.of("DiskOwnedByAnotherVolume"));
        assertThat(owned.getMessage()).contains("belongs to another RdsVolume").doesNotContain(uid(old));
        assertThat(operatorEventsAbout(A + "/new")).anySatisfy(message -> assertThat(message)
                .contains("belongs to RdsVolume " + A + "/old (uid " + uid(old) + ")"));
        assertThat(sim.rds().disk("e-rename")).contains(disk);

        deleteAndAwaitGone(tenantA, A, "new");
        assertUntouched(sim.commandLogSince(mark), Set.of("e-rename"), Set.of(file));
        assertThat(sim.rds().disk("e-rename")).as("retained, old's marker").contains(disk);
        assertThat(markerUid(disk)).contains(uid(old));
        assertThat(sim.rds().files()).containsKey(file);
        c.report();
    }

    /**
     * f. Both tenants claim the same slot at the same instant, through different pool configs of the same RDS (so
     * with different file paths), ten slots at once: one wins each slot, the other is refused, one disk add per slot;
     * deleting the losers leaves the winners' disks alone.
     */
    @Test
    void twoClaimsAtTheSameInstantOneWins() throws Exception {
        var c = Case.start("f same instant");
        long mark = sim.commands();
        List<RdsVolume> volumes = new ArrayList<>();
        for (int i = 0; i < RACES; i++) {
            String slot = "f-race-" + i;
            volumes.add(volume(A, slot, i % 2 == 0 ? ADOPT : STRICT, slot, DeletionPolicy.Delete));
            volumes.add(volume(B, slot, i % 2 == 0 ? STRICT : ADOPT, slot, DeletionPolicy.Delete));
        }
        var start = new CyclicBarrier(volumes.size());
        Map<String, String> uids = new HashMap<>();
        try (var threads = Executors.newFixedThreadPool(volumes.size())) {
            List<Future<RdsVolume>> creates = new ArrayList<>();
            for (RdsVolume v : volumes) {
                KubernetesClient tenant = A.equals(v.getMetadata().getNamespace()) ? tenantA : tenantB;
                creates.add(threads.submit(() -> {
                    start.await();
                    return tenant.resource(v).create();
                }));
            }
            for (Future<RdsVolume> created : creates) {
                RdsVolume v = created.get();
                uids.put(key(v), uid(v));
            }
        } catch (ExecutionException e) {
            throw new AssertionError("create failed", e.getCause());
        }

        Map<String, SimulatedDisk> winners = new HashMap<>();
        List<String> losers = new ArrayList<>();
        int winsOfA = 0;
        for (int i = 0; i < RACES; i++) {
            String slot = "f-race-" + i;
            awaitSettled(tenantA, A, slot);
            awaitSettled(tenantB, B, slot);
            RdsVolume a = get(tenantA, A, slot);
            RdsVolume b = get(tenantB, B, slot);
            assertThat(Readiness.isReady(a) ^ Readiness.isReady(b))
                    .as("exactly one of the two claims on %s is Ready", slot)
                    .isTrue();
            RdsVolume winner = Readiness.isReady(a) ? a : b;
            RdsVolume loser = winner == a ? b : a;
            winsOfA += winner == a ? 1 : 0;
            Condition refused = Readiness.ready(loser).orElseThrow();
            assertThat(refused.getReason()).as(key(loser)).isIn(TAKEN);
            assertThat(refused.getMessage())
                    .as(key(loser))
                    .contains("another RdsVolume")
                    .doesNotContain(key(winner));
            assertThat(operatorEventsAbout(key(loser)))
                    .as("who won, for the operator's admins")
                    .anySatisfy(message -> assertThat(message).contains(key(winner)));
            SimulatedDisk disk = sim.rds().disk(slot).orElseThrow();
            assertThat(markerUid(disk)).as("owner of %s", slot).contains(uids.get(key(winner)));
            winners.put(slot, disk);
            losers.add(key(loser));
        }
        List<String> window = sim.commandLogSince(mark);
        for (String slot : winners.keySet()) {
            assertThat(window.stream().filter(l -> l.startsWith("/disk add") && l.contains(" slot=\"" + slot + "\"")))
                    .as("disk adds for %s", slot)
                    .hasSize(1);
        }
        assertThat(mutations(window)).as("no set or remove while claiming").isEmpty();

        long beforeDeletion = sim.commands();
        for (String loser : losers) {
            String[] nsName = loser.split("/");
            deleteAndAwaitGone(A.equals(nsName[0]) ? tenantA : tenantB, nsName[0], nsName[1]);
        }
        assertUntouched(sim.commandLogSince(beforeDeletion), winners.keySet(), Set.of());
        winners.forEach(
                (slot, disk) -> assertThat(sim.rds().disk(slot)).as(slot).contains(disk));
        for (String slot : winners.keySet()) {
            RdsVolume a = get(tenantA, A, slot);
            assertThat(Readiness.isReady(a != null ? a : get(tenantB, B, slot)))
                    .as("winner of %s still Ready", slot)
                    .isTrue();
        }
        System.out.printf(
                "tenant isolation: tenant-a won %d of %d races, tenant-b %d%n", winsOfA, RACES, RACES - winsOfA);
        c.report();
    }

    /**
     * g. Adoption through a pool config reaches only a file disk under its base path: tenant-a, which may adopt on
     * {@value #ADOPT}, names an unmarked file disk in {@value #STRICT}'s directory and an unmarked exported partition;
     * both are refused and left as they were. {@code "*"} in adoptionNamespaces is refused at admission.
     */
    @Test
    void adoptionReachesOnlyFileDisksUnderThePoolConfigsBasePath() {
        var c = Case.start("g adoption reach");
        String file = fileName(STRICT_BASE, "g-elsewhere");
        var elsewhere = new SimulatedDisk(
                "g-elsewhere", "/" + file, GIB, true, 4420, "nqn.2000-02.com.mikrotik:g-elsewhere", false);
        var partition = new SimulatedDisk("g-partition", "", GIB, true, 4420, "nqn.2000-02.com.mikrotik:g-part", false)
                .withType("partition");
        sim.rds().putDisk(elsewhere);
        sim.rds().putDisk(partition);
        long mark = sim.commands();

        create(tenantA, volume(A, "g-elsewhere", ADOPT, "g-elsewhere", DeletionPolicy.Delete));
        create(tenantA, volume(A, "g-partition", ADOPT, "g-partition", DeletionPolicy.Delete));
        assertThat(awaitReason(tenantA, A, "g-elsewhere", Set.of("AdoptionNotAllowed"))
                        .getMessage())
                .contains("is not adopted")
                .contains("does not lie under the RdsPoolConfig's basePath " + ADOPT_BASE);
        assertThat(awaitReason(tenantA, A, "g-partition", Set.of("AdoptionNotAllowed"))
                        .getMessage())
                .contains("is not adopted")
                .contains("only file disks (type=file) are adopted");
        deleteAndAwaitGone(tenantA, A, "g-elsewhere");
        deleteAndAwaitGone(tenantA, A, "g-partition");

        assertUntouched(sim.commandLogSince(mark), Set.of("g-elsewhere", "g-partition"), Set.of(file));
        assertThat(sim.rds().disk("g-elsewhere")).contains(elsewhere);
        assertThat(sim.rds().disk("g-partition")).contains(partition);
        assertThat(sim.rds().files()).containsEntry(file, GIB);

        assertThatThrownBy(() -> env.createPoolConfig(
                        "ten-everyone", "/storage-pool/ten-everyone", "  tenancy: {adoptionNamespaces: [\"*\"]}\n"))
                .as("\"*\" may not adopt")
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("tenancy.adoptionNamespaces");
                });
        c.report();
    }

    /**
     * h. Status write is privileged: a subject granted write on {@code rdsvolumes/status} in tenant-a aims its
     * volume's recorded file at another tenant's detached image. Where the shipped ValidatingAdmissionPolicy is not in
     * force (Kubernetes 1.29, or the policy left out) the write lands, and deleting the volume still removes no file
     * but {@code <basePath>/<slot>.img}; with the policy the write is refused.
     */
    @Test
    void aStatusWriterCanAimNoRemovalAtAnotherTenantsFile() throws Exception {
        var c = Case.start("h status write");
        String victim = fileName(STRICT_BASE, "h-backup-of-b");
        sim.rds().putFile(victim, 2 * GIB);
        create(tenantA, volume(A, "h-aim", STRICT, "h-aim", DeletionPolicy.Delete));
        create(tenantA, volume(A, "h-guarded", STRICT, "h-guarded", DeletionPolicy.Delete));
        awaitReady(tenantA, A, "h-aim");
        awaitReady(tenantA, A, "h-guarded");
        String forged = "{\"status\":{\"slot\":\"h-nothing\",\"filePath\":\"/" + victim + "\"}}";
        try (KubernetesClient writer = ServiceAccounts.withRules(
                TestCluster.get(),
                A,
                "status-writer",
                List.of(
                        new PolicyRuleBuilder()
                                .withApiGroups(RdsPoolConfig.GROUP)
                                .withResources("rdsvolumes")
                                .withVerbs("get", "list")
                                .build(),
                        new PolicyRuleBuilder()
                                .withApiGroups(RdsPoolConfig.GROUP)
                                .withResources("rdsvolumes/status")
                                .withVerbs("get", "patch", "update")
                                .build()))) {
            long mark = sim.commands();
            assertThat(statusOf(writer, "h-aim")
                            .patch(MERGE, forged)
                            .getStatus()
                            .filePath())
                    .as("without the policy, RBAC alone lets the write land")
                    .isEqualTo("/" + victim);
            deleteAndAwaitGone(tenantA, A, "h-aim");
            assertUntouched(sim.commandLogSince(mark), Set.of(), Set.of(victim));
            assertThat(sim.rds().files()).as("tenant-b's image").containsEntry(victim, 2 * GIB);

            List<HasMetadata> policy = shippedStatusWritePolicy();
            // A write that changes nothing: refused once the policy is in force, harmless before.
            String unchanged = "{\"status\":{\"slot\":\"h-guarded\"}}";
            try {
                for (HasMetadata object : policy) {
                    env.client().resource(object).forceConflicts().serverSideApply();
                }
                await("the status write policy in force")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> refused(() -> statusOf(writer, "h-guarded").patch(MERGE, unchanged)));
                assertThatThrownBy(() -> statusOf(writer, "h-guarded").patch(MERGE, forged))
                        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                            assertThat(e.getCode()).isEqualTo(HttpURLConnection.HTTP_FORBIDDEN);
                            assertThat(e.getMessage()).contains("only the operator's ServiceAccount");
                        });
                assertThat(get(tenantA, A, "h-guarded").getStatus().filePath())
                        .isEqualTo("/" + fileName(STRICT_BASE, "h-guarded"));
                // The operator itself still writes status under the policy: a grow is recorded.
                tenantA.resources(RdsVolume.class)
                        .inNamespace(A)
                        .withName("h-guarded")
                        .edit(v -> {
                            var spec = v.getSpec();
                            v.setSpec(
                                    RdsVolumeSpec.of(spec.poolConfigName(), "2Gi", spec.deletionPolicy(), spec.slot()));
                            return v;
                        });
                await("the grow recorded by the operator (operator log: " + operator.log() + ")")
                        .atMost(SETTLE)
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> Long.valueOf(2 * GIB)
                                .equals(get(tenantA, A, "h-guarded").getStatus().capacityBytes()));
            } finally {
                for (HasMetadata object : policy.reversed()) {
                    env.client().resource(object).delete();
                }
            }
        }
        assertThat(sim.rds().files()).containsEntry(victim, 2 * GIB);
        c.report();
    }

    /**
     * i. Check, then act: someone marks a disk between the operator's look-up and its change (a person on the RDS,
     * another operator's adoption). The guard inside RouterOS ({@code [find slot=… and comment=…]}) leaves it as they
     * left it: neither an adoption nor a removal takes it, and the volumes say whose it is now.
     */
    @Test
    void aDiskMarkedByAnotherBetweenLookUpAndChangeIsLeftAsItIs() throws Exception {
        var c = Case.start("i check then act");
        String other = new OwnerMarker("99999999-1111-2222-3333-444455556666", B, "elsewhere", STRICT).text();
        String file = fileName(ADOPT_BASE, "i-legacy");
        sim.rds()
                .putDisk(new SimulatedDisk(
                        "i-legacy", "/" + file, GIB, true, 4420, "nqn.2000-02.com.mikrotik:i-legacy", false));
        create(tenantB, volume(B, "i-kept", STRICT, "i-kept", DeletionPolicy.Delete));
        RdsVolume kept = awaitReady(tenantB, B, "i-kept");
        SimulatedDisk keptDisk = sim.rds().disk("i-kept").orElseThrow();
        long mark = sim.commands();
        try (AutoCloseable race = sim.listen(line -> {
            for (String slot : List.of("i-legacy", "i-kept")) {
                boolean changes = line.startsWith("/disk set [find slot=\"" + slot + "\"")
                        || line.startsWith("/disk remove [find slot=\"" + slot + "\"");
                SimulatedDisk now = sim.rds().disk(slot).orElse(null);
                if (changes && now != null && !now.comment().equals(other)) {
                    sim.rds().putDisk(now.withComment(other));
                }
            }
        })) {
            create(tenantA, volume(A, "i-adopt", ADOPT, "i-legacy", null));
            assertThat(awaitReason(tenantA, A, "i-adopt", Set.of("DiskOwnedByAnotherVolume"))
                            .getMessage())
                    .contains("i-legacy");
            tenantB.resources(RdsVolume.class).inNamespace(B).withName("i-kept").delete();
            assertThat(awaitReason(tenantB, B, "i-kept", Set.of("DiskOwnedByAnotherVolume"))
                            .getMessage())
                    .contains("i-kept");
        }
        assertThat(sim.rds().disk("i-legacy"))
                .hasValueSatisfying(d -> assertThat(d.comment()).isEqualTo(other));
        assertThat(sim.rds().disk("i-kept")).contains(keptDisk.withComment(other));
        assertThat(sim.rds().files()).containsKey(file).containsKey(fileName(STRICT_BASE, "i-kept"));
        assertThat(mutations(sim.commandLogSince(mark)))
                .as("only guarded changes were sent")
                .allMatch(l -> l.contains(" and type=file and comment=\""));

        // The disk given back to its volume (the marker restored by hand), the deletion goes through.
        sim.rds().putDisk(keptDisk);
        deleteAndAwaitGone(tenantB, B, "i-kept");
        deleteAndAwaitGone(tenantA, A, "i-adopt");
        assertThat(sim.rds().disk("i-kept")).isEmpty();
        assertThat(uid(kept)).isNotEmpty();
        c.report();
    }

    /**
     * j. Node-side levers (issue 20, findings 2 and 3): a filesystem the nodes are not asked for is refused at
     * admission; mount options no admin allowed, and a device UUID on a shared RDS, reach no PersistentVolume. The
     * disk itself is made and the volume is Ready: only the PersistentVolume is withheld, and says why.
     */
    @Test
    void nodeSideOptionsOfATenantReachNoPersistentVolume() {
        var c = Case.start("j node levers");
        assertThatThrownBy(() -> create(
                        tenantA,
                        withPersistentVolume(volume(A, "j-hfs", STRICT, null, null), "hfsplus", List.of(), null)))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode())
                        .isEqualTo(422))
                .hasMessageContaining("fsType");

        RdsVolume panic = create(
                tenantA,
                withPersistentVolume(volume(A, "j-panic", STRICT, null, null), "ext4", List.of("errors=panic"), null));
        RdsVolume uuid = create(
                tenantA,
                withPersistentVolume(
                        volume(A, "j-uuid", STRICT, null, null),
                        "ext4",
                        List.of(),
                        "0f8fad5b-d9cb-469f-a165-70867728950e"));
        awaitReady(tenantA, A, "j-panic");
        awaitReady(tenantA, A, "j-uuid");
        assertThat(awaitPersistentVolumeReason("j-panic").getMessage()).contains("[errors=panic]");
        assertThat(awaitPersistentVolumeReason("j-uuid").getReason()).isEqualTo("DeviceUuidNotAllowed");
        for (RdsVolume withheld : List.of(panic, uuid)) {
            assertThat(TestCluster.get()
                            .client()
                            .persistentVolumes()
                            .withLabel("rds.srvlab.io/volume-uid", uid(withheld))
                            .list()
                            .getItems())
                    .as("PersistentVolumes of %s", withheld.getMetadata().getName())
                    .isEmpty();
        }
        c.report();
    }

    /**
     * k. The finalizer is the operator's (issue 20, finding 12): with the shipped editor role a tenant can strip it,
     * and the volume goes while its disk stays exported on the RDS. Under the shipped policy the strip is refused, and
     * the operator still releases its finalizer after a normal deletion.
     */
    @Test
    void aTenantCannotStripTheOperatorsFinalizer() throws Exception {
        var c = Case.start("k finalizer");
        String finalizer = "rdsvolumes.rds.srvlab.io/finalizer";
        create(tenantA, volume(A, "k-kept", STRICT, null, DeletionPolicy.Delete));
        assertThat(awaitReady(tenantA, A, "k-kept").getMetadata().getFinalizers())
                .containsExactly(finalizer);
        List<HasMetadata> policy = shippedStatusWritePolicy();
        try {
            for (HasMetadata object : policy) {
                env.client().resource(object).forceConflicts().serverSideApply();
            }
            String strip = "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]";
            await("the finalizer policy in force")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> refused(() -> tenantA.resources(RdsVolume.class)
                            .inNamespace(A)
                            .withName("k-kept")
                            .patch(PatchContext.of(PatchType.JSON), strip)));
            assertThatThrownBy(() -> tenantA.resources(RdsVolume.class)
                            .inNamespace(A)
                            .withName("k-kept")
                            .edit(v -> {
                                v.getMetadata().setFinalizers(List.of());
                                return v;
                            }))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(HttpURLConnection.HTTP_FORBIDDEN);
                        assertThat(e.getMessage()).contains("may remove the finalizer");
                    });
            assertThat(get(tenantA, A, "k-kept").getMetadata().getFinalizers()).containsExactly(finalizer);
            String slot = get(tenantA, A, "k-kept").getStatus().slot();
            deleteAndAwaitGone(tenantA, A, "k-kept");
            assertThat(sim.rds().disk(slot))
                    .as("the disk, removed before the finalizer went")
                    .isEmpty();
        } finally {
            for (HasMetadata object : policy.reversed()) {
                env.client().resource(object).delete();
            }
        }
        c.report();
    }

    /**
     * l. A volume's host name is bounded by the admin (issue 20, finding 5): before, a tenant's
     * {@code allowedHostName} overrode the pool config's default and reached RouterOS as it was. Now a name neither
     * the default nor in {@code spec.tenancy.allowedHostNames} is refused, and nothing is sent for it.
     */
    @Test
    void aHostNameNoAdminAllowedIsRefused() {
        var c = Case.start("l host name");
        String hostName = "nqn.2014-08.org.nvmexpress:uuid:l-attacker";
        var volume = volume(A, "l-host", STRICT, null, DeletionPolicy.Delete);
        var spec = volume.getSpec();
        volume.setSpec(new RdsVolumeSpec(
                spec.poolConfigName(), spec.size(), spec.deletionPolicy(), null, null, hostName, null));
        long mark = sim.commands();
        create(tenantA, volume);
        Condition refused = awaitReason(tenantA, A, "l-host", Set.of("HostNameNotAllowed"));
        assertThat(refused.getMessage()).contains(hostName).contains("spec.tenancy.allowedHostNames");
        assertThat(sim.commandLogSince(mark)).noneMatch(line -> line.contains(hostName));
        deleteAndAwaitGone(tenantA, A, "l-host");
        c.report();
    }

    /**
     * m. An owner reference makes no volume a claim's (issue 20, finding 1, {@code status.claimUid}): before, a
     * tenant's hand-written volume that named one of its claims as controller got the provisioned shape ({@code
     * pvc-<claim uid>}, reclaim policy Delete, {@code provisioned-by}). The claim is now asked first: this one exists
     * but no StorageClass of the operator's made it, so the volume keeps the shape of a hand-written one.
     */
    @Test
    void anOwnerReferenceToAClaimMakesNoVolumeTheClaims() {
        var c = Case.start("m claim uid");
        // The tenant's own claim (made here by the admin: the shipped roles of this test grant no claims).
        var claim = TestCluster.get()
                .client()
                .persistentVolumeClaims()
                .resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withNamespace(A)
                        .withName("m-claim")
                        .endMetadata()
                        .withNewSpec()
                        .withStorageClassName("m-not-ours")
                        .withAccessModes("ReadWriteOnce")
                        .withNewResources()
                        .addToRequests("storage", new Quantity("1Gi"))
                        .endResources()
                        .endSpec()
                        .build())
                .create();
        RdsVolume forged = withPersistentVolume(
                volume(A, "m-claim", STRICT, null, DeletionPolicy.Delete), "ext4", List.of(), null);
        forged.getMetadata()
                .setOwnerReferences(List.of(new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("PersistentVolumeClaim")
                        .withName("m-claim")
                        .withUid(claim.getMetadata().getUid())
                        .withController(true)
                        .build()));
        RdsVolume created = create(tenantA, forged);
        awaitReady(tenantA, A, "m-claim");
        await("the PersistentVolume of m-claim written (operator log: " + operator.log() + ")")
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get(tenantA, A, "m-claim").getStatus().persistentVolume() != null);
        var pvs = TestCluster.get()
                .client()
                .persistentVolumes()
                .withLabel("rds.srvlab.io/volume-uid", uid(created))
                .list()
                .getItems();
        assertThat(pvs).singleElement().satisfies(pv -> {
            assertThat(pv.getMetadata().getName()).isEqualTo("rdsv-" + uid(created));
            assertThat(pv.getMetadata().getAnnotations()).doesNotContainKey("pv.kubernetes.io/provisioned-by");
            assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
            assertThat(pv.getSpec().getClaimRef().getUid()).isNull();
        });
        assertThat(get(tenantA, A, "m-claim").getStatus().claimUid()).isNull();
        TestCluster.get()
                .client()
                .persistentVolumeClaims()
                .inNamespace(A)
                .withName("m-claim")
                .delete();
        tenantA.resources(RdsVolume.class).inNamespace(A).withName("m-claim").delete();
        // No controller manager runs here: the API server's pv-protection finalizer is released as it would.
        String pvName = "rdsv-" + uid(created);
        var pv = TestCluster.get().client().persistentVolumes().withName(pvName);
        await("PersistentVolume " + pvName + " deleted by the operator")
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> pv.get() == null || pv.get().getMetadata().getDeletionTimestamp() != null);
        if (pv.get() != null) {
            pv.edit(p -> {
                p.getMetadata().setFinalizers(List.of());
                return p;
            });
        }
        await("tenant-a/m-claim gone (operator log: " + operator.log() + ")")
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get(tenantA, A, "m-claim") == null);
        c.report();
    }

    private static RdsVolume withPersistentVolume(
            RdsVolume volume, String fsType, List<String> mountOptions, String deviceUuid) {
        var spec = volume.getSpec();
        volume.setSpec(new RdsVolumeSpec(
                spec.poolConfigName(),
                spec.size(),
                spec.deletionPolicy(),
                spec.slot(),
                null,
                null,
                new RdsVolumeSpec.PersistentVolume(
                        deviceUuid == null ? "democratic-csi" : "csi-driver-nvmf",
                        null,
                        "Filesystem",
                        fsType,
                        null,
                        null,
                        mountOptions.isEmpty() ? null : mountOptions,
                        deviceUuid)));
        return volume;
    }

    /** Waits for the PersistentVolume condition to give a reason of a withheld PersistentVolume. */
    private static Condition awaitPersistentVolumeReason(String name) {
        Set<String> withheld = Set.of("MountOptionsNotAllowed", "DeviceUuidNotAllowed", "DeviceUuidInUse");
        await(A + "/" + name + " PersistentVolume withheld (operator log: " + operator.log() + ")")
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> persistentVolumeCondition(name)
                        .filter(pv -> withheld.contains(pv.getReason()))
                        .isPresent());
        return persistentVolumeCondition(name).orElseThrow();
    }

    private static Optional<Condition> persistentVolumeCondition(String name) {
        RdsVolume volume = get(tenantA, A, name);
        return volume == null
                        || volume.getStatus() == null
                        || volume.getStatus().conditions() == null
                ? Optional.empty()
                : volume.getStatus().conditions().stream()
                        .filter(condition -> "PersistentVolume".equals(condition.getType()))
                        .findFirst();
    }

    // ---- budgets (issue 20, finding 6): each case has a pool config of its own

    /** A namespace at its count limit gets no further disk; another namespace's count is its own. */
    @Test
    void budgetCountLimitRefusesTheNextCreateAndSendsNothing() {
        var c = Case.start("budget count");
        String pool = "ten-budget-count";
        env.createPoolConfig(pool, "/storage-pool/" + pool, "  tenancy: {limits: {default: {maxVolumes: 2}}}\n");
        awaitPoolReady(pool);
        create(tenantA, volume(A, "n-1", pool, null, null));
        create(tenantA, volume(A, "n-2", pool, null, null));
        awaitReady(tenantA, A, "n-1");
        awaitReady(tenantA, A, "n-2");
        long mark = sim.commands();
        RdsVolume third = create(tenantA, volume(A, "n-3", pool, null, null));
        Condition refused = awaitReason(tenantA, A, "n-3", Set.of("QuotaExceeded"));
        assertThat(refused.getMessage()).contains("RdsVolumes: 2 used, 1 requested, limit 2", "nothing was sent");
        create(tenantB, volume(B, "n-1", pool, null, null));
        awaitReady(tenantB, B, "n-1");
        assertThat(sim.commandLogSince(mark))
                .as("no command names the refused volume's disk")
                .noneMatch(line -> line.contains(uid(third)));
        assertThat(sim.rds().disk("rdsv-" + uid(third))).isEmpty();

        deleteAndAwaitGone(tenantA, A, "n-1");
        awaitReady(tenantA, A, "n-3"); // a place freed up: looked at again within the recheck
        deleteAndAwaitGone(tenantA, A, "n-2");
        deleteAndAwaitGone(tenantA, A, "n-3");
        deleteAndAwaitGone(tenantB, B, "n-1");
        env.deletePoolConfig(pool);
        c.report();
    }

    /** A create past the namespace's bytes is refused with the numbers; nothing is sent. */
    @Test
    void budgetBytesLimitRefusesACreateAndSendsNothing() {
        var c = Case.start("budget bytes");
        String pool = "ten-budget-bytes";
        env.createPoolConfig(pool, "/storage-pool/" + pool, "  tenancy: {limits: {default: {maxSize: 3Gi}}}\n");
        awaitPoolReady(pool);
        create(tenantA, sized(volume(A, "s-1", pool, null, null), "2Gi"));
        awaitReady(tenantA, A, "s-1");
        long mark = sim.commands();
        RdsVolume second = create(tenantA, sized(volume(A, "s-2", pool, null, null), "2Gi"));
        Condition refused = awaitReason(tenantA, A, "s-2", Set.of("QuotaExceeded"));
        assertThat(refused.getMessage())
                .contains("bytes: " + 2 * GIB + " used, " + 2 * GIB + " requested, limit " + 3 * GIB);
        assertThat(sim.commandLogSince(mark))
                .noneMatch(line -> line.contains(second.getMetadata().getUid()));
        assertThat(sim.rds().disk("rdsv-" + uid(second))).isEmpty();
        deleteAndAwaitGone(tenantA, A, "s-1");
        deleteAndAwaitGone(tenantA, A, "s-2");
        env.deletePoolConfig(pool);
        c.report();
    }

    /** Growing a volume past the namespace's bytes is refused; the disk keeps its size and no set is sent. */
    @Test
    void budgetGrowPastTheLimitIsRefusedAndTheDiskKeepsItsSize() {
        var c = Case.start("budget grow");
        String pool = "ten-budget-grow";
        env.createPoolConfig(pool, "/storage-pool/" + pool, "  tenancy: {limits: {default: {maxSize: 3Gi}}}\n");
        awaitPoolReady(pool);
        create(tenantA, volume(A, "g-1", pool, null, null));
        String slot = awaitReady(tenantA, A, "g-1").getStatus().slot();
        long mark = sim.commands();
        tenantA.resources(RdsVolume.class).inNamespace(A).withName("g-1").patch(MERGE, "{\"spec\":{\"size\":\"4Gi\"}}");
        Condition refused = awaitReason(tenantA, A, "g-1", Set.of("QuotaExceeded"));
        assertThat(refused.getMessage())
                .contains("bytes: " + GIB + " used, " + 3 * GIB + " requested, limit " + 3 * GIB);
        assertThat(mutations(sim.commandLogSince(mark))).isEmpty();
        assertThat(sim.rds().disk(slot).orElseThrow().fileSizeBytes()).isEqualTo(GIB);
        deleteAndAwaitGone(tenantA, A, "g-1");
        env.deletePoolConfig(pool);
        c.report();
    }

    /**
     * The RdsVolume behind a claim follows the claim: the tenant growing the RdsVolume itself past what the claim
     * requests (and its ResourceQuota allowed) is refused, and the disk keeps its size.
     */
    @Test
    void budgetClaimsVolumeGrownByEditingTheRdsVolumeIsRefused() {
        var c = Case.start("budget claim");
        KubernetesClient admin = env.client();
        admin.resource("""
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: ten-budget-claims}
                provisioner: rds.srvlab.io
                parameters: {poolConfig: %s, nodeDriver: democratic-csi, fsType: ext4}
                reclaimPolicy: Delete
                allowVolumeExpansion: true
                volumeBindingMode: Immediate
                """.formatted(STRICT)).createOr(existing -> existing.update());
        // As the PV controller leaves it: annotated with the provisioner that is to make its volume.
        admin.resource("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: k-claim
                  namespace: %s
                  annotations: {volume.kubernetes.io/storage-provisioner: rds.srvlab.io}
                spec:
                  storageClassName: ten-budget-claims
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                """.formatted(A)).create();
        String slot = awaitReady(tenantA, A, "k-claim").getStatus().slot();
        long mark = sim.commands();
        tenantA.resources(RdsVolume.class)
                .inNamespace(A)
                .withName("k-claim")
                .patch(MERGE, "{\"spec\":{\"size\":\"2Gi\"}}");
        Condition refused = awaitReason(tenantA, A, "k-claim", Set.of("ClaimSizeExceeded"));
        assertThat(refused.getMessage()).contains("PersistentVolumeClaim k-claim requests " + GIB);
        assertThat(mutations(sim.commandLogSince(mark))).isEmpty();
        assertThat(sim.rds().disk(slot).orElseThrow().fileSizeBytes()).isEqualTo(GIB);
        String volumeUid = uid(get(tenantA, A, "k-claim"));
        admin.persistentVolumeClaims().inNamespace(A).withName("k-claim").delete();
        // No kube-controller-manager here: the test removes the volume (not the garbage collector) and the
        // PersistentVolume's pv-protection finalizer (not the PV controller) once the operator deleted it.
        tenantA.resources(RdsVolume.class).inNamespace(A).withName("k-claim").delete();
        var persistentVolumes = admin.persistentVolumes().withLabel("rds.srvlab.io/volume-uid", volumeUid);
        await("k-claim's PersistentVolume deleted")
                .atMost(SETTLE)
                .until(() -> persistentVolumes.list().getItems().stream()
                        .allMatch(pv -> pv.getMetadata().getDeletionTimestamp() != null));
        for (var pv : persistentVolumes.list().getItems()) {
            admin.persistentVolumes()
                    .withName(pv.getMetadata().getName())
                    .patch(MERGE, "{\"metadata\":{\"finalizers\":null}}");
        }
        deleteAndAwaitGone(tenantA, A, "k-claim");
        admin.storage().v1().storageClasses().withName("ten-budget-claims").delete();
        c.report();
    }

    /** A volume of a namespace the pool config does not admit (never provisioned) does not keep it from going. */
    @Test
    void budgetPoolConfigIsNotPinnedByANamespaceItDoesNotAdmit() {
        var c = Case.start("budget pin");
        String pool = "ten-budget-pin";
        env.createPoolConfig(pool, "/storage-pool/" + pool, "  tenancy: {namespaces: [" + A + "]}\n");
        awaitPoolReady(pool);
        create(tenantB, volume(B, "p-1", pool, null, null));
        awaitReason(tenantB, B, "p-1", Set.of("NamespaceNotAllowed"));
        env.deletePoolConfig(pool); // waits until it is gone
        assertThat(get(tenantB, B, "p-1"))
                .as("the refused volume is still there")
                .isNotNull();
        deleteAndAwaitGone(tenantB, B, "p-1");
        c.report();
    }

    private static void awaitPoolReady(String pool) {
        await(pool + " Ready").atMost(SETTLE).until(() -> Readiness.isReady(env.poolConfig(pool)));
    }

    private static RdsVolume sized(RdsVolume volume, String size) {
        var spec = volume.getSpec();
        volume.setSpec(RdsVolumeSpec.of(spec.poolConfigName(), size, spec.deletionPolicy(), spec.slot()));
        return volume;
    }

    // ---- snapshots and copies (issue 22): kept apart from the cases above

    private static final String SNAP = "ten-snap";
    private static final Set<String> NOT_HERE = Set.of("SourceNotFound");

    /**
     * s. Snapshots and copies reach only their own namespace: tenant-b names tenant-a's volume and snapshot as the
     * source of its own RdsSnapshot and RdsVolumes (refused: not found in its namespace), and cannot create or delete
     * an RdsSnapshot in tenant-a's; no subvolume command names tenant-a's subvolume or snapshot.
     */
    @Test
    void anotherTenantCannotSnapshotCloneOrDeleteWhatIsNotTheirs() {
        var c = Case.start("s snapshots");
        env.createPoolConfig(
                SNAP, "/storage-pool/ten-snap", "  snapshots: {method: btrfsSubvolume, filesystem: storage-pool}\n");
        RdsVolume source = create(tenantA, snapVolume(A, "s-src", null));
        awaitReady(tenantA, A, "s-src");
        tenantA.resource(rdsSnapshot(A, "s-snap", "s-src")).create();
        await("tenant-a's snapshot ready")
                .atMost(SETTLE)
                .until(() -> Boolean.TRUE.equals(
                        Optional.ofNullable(snapshotOf(tenantA, A, "s-snap").getStatus())
                                .map(RdsSnapshotStatus::readyToUse)
                                .orElse(false)));
        String subvolume = "ten-snap/rdsv-" + uid(source);
        String snapshot = snapshotOf(tenantA, A, "s-snap").getStatus().rdsName();
        long mark = sim.commands();

        tenantB.resource(rdsSnapshot(B, "s-steal", "s-src")).create();
        create(tenantB, snapVolume(B, "s-clone", new RdsVolumeSpec.Source(null, "s-src")));
        create(tenantB, snapVolume(B, "s-restore", new RdsVolumeSpec.Source("s-snap", null)));
        awaitReason(tenantB, B, "s-clone", NOT_HERE);
        awaitReason(tenantB, B, "s-restore", NOT_HERE);
        await("tenant-b's snapshot refused").atMost(SETTLE).until(() -> Optional.ofNullable(
                        snapshotOf(tenantB, B, "s-steal").getStatus())
                .map(RdsSnapshotStatus::conditions)
                .flatMap(list -> list.stream().findFirst())
                .filter(ready -> "SourceNotFound".equals(ready.getReason()))
                .isPresent());
        assertForbidden(
                () -> tenantB.resource(rdsSnapshot(A, "s-planted", "s-src")).create());
        assertForbidden(() -> tenantB.resources(RdsSnapshot.class)
                .inNamespace(A)
                .withName("s-snap")
                .delete());
        tenantB.resources(RdsSnapshot.class).inNamespace(B).withName("s-steal").delete();
        deleteAndAwaitGone(tenantB, B, "s-clone");
        deleteAndAwaitGone(tenantB, B, "s-restore");

        assertThat(sim.commandLogSince(mark))
                .as("no subvolume command names tenant-a's subvolume or snapshot")
                .noneMatch(line -> line.startsWith("/disk/btrfs/subvolume/add")
                        || line.startsWith("/disk/btrfs/subvolume/remove"));
        assertThat(sim.rds().subvolume(subvolume)).isPresent();
        assertThat(sim.rds().subvolume(snapshot)).isPresent();
        assertThat(snapshotOf(tenantA, A, "s-snap").getStatus().readyToUse()).isTrue();

        tenantA.resources(RdsSnapshot.class).inNamespace(A).withName("s-snap").delete();
        await("tenant-a's snapshot gone").atMost(SETTLE).until(() -> snapshotOf(tenantA, A, "s-snap") == null);
        deleteAndAwaitGone(tenantA, A, "s-src");
        assertThat(sim.rds().subvolume(snapshot)).isEmpty();
        assertThat(sim.rds().subvolume(subvolume)).isEmpty();
        env.deletePoolConfig(SNAP);
        c.report();
    }

    /**
     * A namespace at its snapshot count (spec.tenancy.limits maxSnapshots) gets no further snapshot and nothing is sent
     * for it; another namespace's count is its own; snapshots do not count toward maxSize (the source fills it).
     */
    @Test
    void budgetSnapshotCountRefusesTheNextSnapshotAndSendsNothing() {
        var c = Case.start("budget snapshots");
        String pool = "ten-budget-snaps";
        env.createPoolConfig(
                pool,
                "/storage-pool/" + pool,
                "  snapshots: {method: btrfsSubvolume, filesystem: storage-pool}\n"
                        + "  tenancy: {limits: {default: {maxSnapshots: 1, maxSize: 2Gi}}}\n");
        awaitPoolReady(pool);
        create(tenantA, sized(volume(A, "q-src", pool, null, null), "2Gi"));
        create(tenantB, volume(B, "q-src", pool, null, null));
        awaitReady(tenantA, A, "q-src");
        awaitReady(tenantB, B, "q-src");
        tenantA.resource(rdsSnapshot(A, "q-1", "q-src")).create();
        awaitSnapshotReady(tenantA, A, "q-1");

        long mark = sim.commands();
        RdsSnapshot second = tenantA.resource(rdsSnapshot(A, "q-2", "q-src")).create();
        Condition refused = awaitSnapshotReason(tenantA, A, "q-2", "QuotaExceeded");
        assertThat(refused.getMessage())
                .contains("RdsSnapshots: 1 used, 1 requested, limit 1", "nothing was sent to the RDS");
        tenantB.resource(rdsSnapshot(B, "q-1", "q-src")).create();
        awaitSnapshotReady(tenantB, B, "q-1");
        assertThat(sim.commandLogSince(mark))
                .as("no command names the refused snapshot")
                .noneMatch(line -> line.contains(second.getMetadata().getUid()));
        assertThat(sim.rds().subvolumes())
                .noneMatch(s -> s.name().contains(second.getMetadata().getUid()));

        tenantA.resources(RdsSnapshot.class).inNamespace(A).withName("q-1").delete();
        awaitSnapshotReady(tenantA, A, "q-2"); // a place freed up: looked at again within the recheck
        for (var snapshot : List.of(Map.entry(tenantA, A + "/q-2"), Map.entry(tenantB, B + "/q-1"))) {
            String ns = snapshot.getValue().substring(0, snapshot.getValue().indexOf('/'));
            String name = snapshot.getValue().substring(ns.length() + 1);
            snapshot.getKey()
                    .resources(RdsSnapshot.class)
                    .inNamespace(ns)
                    .withName(name)
                    .delete();
            await(snapshot.getValue() + " gone")
                    .atMost(SETTLE)
                    .until(() -> snapshotOf(snapshot.getKey(), ns, name) == null);
            deleteAndAwaitGone(snapshot.getKey(), ns, "q-src");
        }
        assertThat(sim.rds().subvolumes()).noneMatch(s -> s.name().startsWith(pool + "/"));
        env.deletePoolConfig(pool);
        c.report();
    }

    private static void awaitSnapshotReady(KubernetesClient tenant, String ns, String name) {
        await(ns + "/" + name + " ready to use (operator log: " + operator.log() + ")")
                .atMost(SETTLE)
                .until(() -> Boolean.TRUE.equals(Optional.ofNullable(snapshotOf(tenant, ns, name))
                        .map(RdsSnapshot::getStatus)
                        .map(RdsSnapshotStatus::readyToUse)
                        .orElse(false)));
    }

    private static Condition awaitSnapshotReason(KubernetesClient tenant, String ns, String name, String reason) {
        await(ns + "/" + name + " " + reason + " (operator log: " + operator.log() + ")")
                .atMost(SETTLE)
                .until(() -> snapshotReady(tenant, ns, name)
                        .filter(ready -> reason.equals(ready.getReason()))
                        .isPresent());
        return snapshotReady(tenant, ns, name).orElseThrow();
    }

    private static Optional<Condition> snapshotReady(KubernetesClient tenant, String ns, String name) {
        return Optional.ofNullable(snapshotOf(tenant, ns, name))
                .map(RdsSnapshot::getStatus)
                .map(RdsSnapshotStatus::conditions)
                .flatMap(list -> list.stream()
                        .filter(condition -> "Ready".equals(condition.getType()))
                        .findFirst());
    }

    private static RdsVolume snapVolume(String ns, String name, RdsVolumeSpec.Source source) {
        var volume = new RdsVolume();
        volume.setMetadata(
                new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
        volume.setSpec(new RdsVolumeSpec(SNAP, "1Gi", null, null, null, null, null, source));
        return volume;
    }

    private static RdsSnapshot rdsSnapshot(String ns, String name, String volume) {
        var snapshot = new RdsSnapshot();
        snapshot.setMetadata(
                new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
        snapshot.setSpec(new RdsSnapshotSpec(new RdsSnapshotSpec.Source(volume), DeletionPolicy.Delete));
        return snapshot;
    }

    private static RdsSnapshot snapshotOf(KubernetesClient tenant, String ns, String name) {
        return tenant.resources(RdsSnapshot.class)
                .inNamespace(ns)
                .withName(name)
                .get();
    }

    // ---- helpers

    /** One case's figures, printed into failsafe's output file. */
    private record Case(String name, long startNanos, long commands) {
        static Case start(String name) {
            return new Case(name, System.nanoTime(), sim.commands());
        }

        void report() {
            List<String> window = sim.commandLogSince(commands);
            System.out.printf(
                    "tenant isolation %-17s %5.1f s: %4d commands, %d set/remove%n",
                    name,
                    (System.nanoTime() - startNanos) / 1e9,
                    window.size(),
                    mutations(window).size());
        }
    }

    private static RdsVolume volume(String ns, String name, String pool, String slot, DeletionPolicy policy) {
        var volume = new RdsVolume();
        volume.setMetadata(
                new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
        volume.setSpec(RdsVolumeSpec.of(pool, "1Gi", policy, slot));
        return volume;
    }

    private static RdsVolume create(KubernetesClient tenant, RdsVolume volume) {
        return tenant.resource(volume).create();
    }

    private static RdsVolume get(KubernetesClient tenant, String ns, String name) {
        return tenant.resources(RdsVolume.class).inNamespace(ns).withName(name).get();
    }

    private static RdsVolume awaitReady(KubernetesClient tenant, String ns, String name) {
        await(ns + "/" + name + " Ready (operator log: " + operator.log() + ")")
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(Readiness.ready(get(tenant, ns, name)))
                        .hasValueSatisfying(ready -> assertThat(ready.getStatus())
                                .as(ready.toString())
                                .isEqualTo(Condition.TRUE)));
        return get(tenant, ns, name);
    }

    /** Waits for a Ready condition with one of {@code reasons} and returns it. */
    private static Condition awaitReason(KubernetesClient tenant, String ns, String name, Set<String> reasons) {
        await(ns + "/" + name + " reason in " + reasons + " (operator log: " + operator.log() + ")")
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(Readiness.ready(get(tenant, ns, name)))
                        .hasValueSatisfying(ready -> assertThat(ready.getReason())
                                .as(ready.toString())
                                .isIn(reasons)));
        return Readiness.ready(get(tenant, ns, name)).orElseThrow();
    }

    /** Ready, or refused for a permanent reason of taking a slot. */
    private static void awaitSettled(KubernetesClient tenant, String ns, String name) {
        await(ns + "/" + name + " settled (operator log: " + operator.log() + ")")
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Optional<Condition> ready = Readiness.ready(get(tenant, ns, name));
                    return ready.isPresent()
                            && (Condition.TRUE.equals(ready.get().getStatus())
                                    || TAKEN.contains(ready.get().getReason()));
                });
    }

    private static void deleteAndAwaitGone(KubernetesClient tenant, String ns, String name) {
        tenant.resources(RdsVolume.class).inNamespace(ns).withName(name).delete();
        await(ns + "/" + name + " gone (operator log: " + operator.log() + ")")
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get(tenant, ns, name) == null);
    }

    /** The shipped status write policy and its binding, the binding narrowed to the tenants' namespaces. */
    private static List<HasMetadata> shippedStatusWritePolicy() throws Exception {
        try (var manifest = Files.newInputStream(Path.of("manifests/20-status-write-policy.yaml"))) {
            List<HasMetadata> objects = env.client().load(manifest).items();
            for (HasMetadata object : objects) {
                if (object instanceof ValidatingAdmissionPolicyBinding binding) {
                    // Other proofs share the API server and stand in for older operators by writing status as admin.
                    binding.getSpec()
                            .setMatchResources(new MatchResourcesBuilder()
                                    .withNewNamespaceSelector()
                                    .addNewMatchExpression()
                                    .withKey("kubernetes.io/metadata.name")
                                    .withOperator("In")
                                    .withValues(A, B)
                                    .endMatchExpression()
                                    .endNamespaceSelector()
                                    .build());
                }
            }
            assertThat(objects)
                    .extracting(HasMetadata::getKind)
                    .containsExactlyInAnyOrder(
                            "ValidatingAdmissionPolicy",
                            "ValidatingAdmissionPolicyBinding",
                            "ValidatingAdmissionPolicy",
                            "ValidatingAdmissionPolicyBinding");
            return objects;
        }
    }

    private static EditReplacePatchable<RdsVolume> statusOf(KubernetesClient client, String name) {
        return client.resources(RdsVolume.class).inNamespace(A).withName(name).subresource("status");
    }

    private static boolean refused(Runnable write) {
        try {
            write.run();
            return false;
        } catch (KubernetesClientException e) {
            return e.getCode() == HttpURLConnection.HTTP_FORBIDDEN;
        }
    }

    /** The commands in the window that change a disk or a file. */
    private static List<String> mutations(List<String> window) {
        return window.stream()
                .filter(l -> l.startsWith("/disk set") || l.startsWith("/disk remove") || l.startsWith("/file remove"))
                .toList();
    }

    /**
     * No command of the window changed one of {@code slots} (in any letter case) or {@code files} ({@code /file}
     * names, no leading slash); a changing command whose target cannot be read fails too.
     */
    private static void assertUntouched(List<String> window, Set<String> slots, Set<String> files) {
        for (String line : mutations(window)) {
            Matcher m = MUTATION.matcher(line);
            assertThat(m.find()).as("target of %s", line).isTrue();
            String target = m.group(3).replace("\\\"", "\"").replace("\\\\", "\\");
            if (m.group(2).equals("slot")) {
                assertThat(slots.stream().noneMatch(target::equalsIgnoreCase))
                        .as("%s touches a protected disk %s", line, slots)
                        .isTrue();
            } else {
                assertThat(files).as("%s touches a protected file", line).doesNotContain(target);
            }
        }
    }

    /** Who holds the operator's slot claims (Leases in its namespace): volume UIDs. */
    private static List<String> slotClaimHolders() {
        return env
                .client()
                .resources(Lease.class)
                .inNamespace(OperatorInstallation.NAMESPACE)
                .list()
                .getItems()
                .stream()
                .filter(l -> l.getMetadata().getName().startsWith("rds-slot-"))
                .map(l -> l.getSpec().getHolderIdentity())
                .toList();
    }

    private static Optional<String> markerUid(SimulatedDisk disk) {
        return OwnerMarker.parse(disk.comment()).map(OwnerMarker::volumeUid);
    }

    private static String fileName(String basePath, String slot) {
        return basePath.substring(1) + "/" + slot + ".img";
    }

    /** Messages of the events on the operator's own Pod that are about the RdsVolume {@code namespace/name}. */
    private static List<String> operatorEventsAbout(String volume) {
        return TestCluster.get()
                .client()
                .v1()
                .events()
                .inNamespace(OperatorInstallation.NAMESPACE)
                .list()
                .getItems()
                .stream()
                .filter(e -> "Pod".equals(e.getInvolvedObject().getKind()))
                .map(Event::getMessage)
                .filter(message -> message.startsWith("RdsVolume " + volume + " "))
                .toList();
    }

    private static String uid(RdsVolume volume) {
        return volume.getMetadata().getUid();
    }

    private static String key(RdsVolume volume) {
        return volume.getMetadata().getNamespace() + "/" + volume.getMetadata().getName();
    }

    private static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode())
                        .isEqualTo(HttpURLConnection.HTTP_FORBIDDEN));
    }
}
