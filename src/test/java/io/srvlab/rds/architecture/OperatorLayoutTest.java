package io.srvlab.rds.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.EditReplacePatchable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.srvlab.rds.operator.common.EventRecorder;
import io.srvlab.rds.operator.common.StatusRecorder;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.volume.Inventories;
import io.srvlab.rds.volume.VolumeOperations;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator layer by feature: {@code operator} is wiring only; {@code rdsvolume → rdspoolconfig, storage, common};
 * {@code rdssnapshot → rdspoolconfig, common}; {@code crds} (serving only against CRDs as new as the operator) stands
 * alone;
 * {@code rdspoolconfig, storage → common}; {@code common} depends on no feature. Pure classes (plural names) do no
 * I/O, time is read from the injected clock, and one class each builds Events and patches status.
 */
class OperatorLayoutTest {
    private static final String OPERATOR = "io.srvlab.rds.operator";
    /** Every feature package; the wiring package above them is not included. */
    private static final String FEATURES = OPERATOR + ".*..";

    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.srvlab.rds");
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching(OPERATOR + ".(*)..").should().beFreeOfCycles().check(product);
    }

    @Test
    void featuresDependOnlyAlongTheArrows() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("wiring")
                .definedBy(OPERATOR)
                .layer("rdsvolume")
                .definedBy(OPERATOR + ".rdsvolume..")
                .layer("rdssnapshot")
                .definedBy(OPERATOR + ".rdssnapshot..")
                .layer("rdspoolconfig")
                .definedBy(OPERATOR + ".rdspoolconfig..")
                .layer("storage")
                .definedBy(OPERATOR + ".storage..")
                .layer("crds")
                .definedBy(OPERATOR + ".crds..")
                .layer("common")
                .definedBy(OPERATOR + ".common..")
                .whereLayer("wiring")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("rdsvolume")
                .mayOnlyBeAccessedByLayers("wiring")
                .whereLayer("rdssnapshot")
                .mayOnlyBeAccessedByLayers("wiring")
                .whereLayer("rdspoolconfig")
                .mayOnlyBeAccessedByLayers("wiring", "rdsvolume", "rdssnapshot")
                .whereLayer("storage")
                .mayOnlyBeAccessedByLayers("wiring", "rdsvolume")
                .whereLayer("crds")
                .mayOnlyBeAccessedByLayers("wiring")
                .whereLayer("common")
                .mayOnlyBeAccessedByLayers("wiring", "rdsvolume", "rdssnapshot", "rdspoolconfig", "storage")
                .check(product);
    }

    /** A plural name ({@code VolumeStatuses}, {@code PersistentVolumes}) promises a pure class: no I/O. */
    @Test
    void pureClassesDoNoIo() {
        noClasses()
                .that()
                .resideInAPackage(FEATURES)
                .and()
                .haveSimpleNameEndingWith("s")
                .and()
                .areNotInterfaces()
                .should()
                .dependOnClassesThat(equivalentTo(KubernetesClient.class)
                        .or(equivalentTo(RdsPool.class))
                        .or(equivalentTo(VolumeOperations.class))
                        .or(equivalentTo(Inventories.class)))
                .check(product);
    }

    /** Time comes from the one {@link Clock} the wiring produces, so that tests can fix it. */
    @Test
    void noSystemClockOutsideTheWiring() {
        noClasses()
                .that()
                .resideInAPackage(FEATURES)
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(Clock.class, "systemUTC")
                .orShould()
                .callMethod(Clock.class, "systemDefaultZone")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .check(product);
    }

    @Test
    void onlyTheEventRecorderBuildsEvents() {
        noClasses()
                .that()
                .doNotBelongToAnyOf(EventRecorder.class)
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(Event.class, EventBuilder.class, io.fabric8.kubernetes.api.model.events.v1.Event.class)
                .check(product);
    }

    /**
     * Status of the operator's resources is written one way. The other status writes are of kinds not ours, as the
     * component the operator stands in for writes them: a claim's, by {@code ClaimResizer}, as an external resizer
     * does (a full update), and a VolumeSnapshotContent's, by {@code ContentWriter}, as a CSI snapshotter does.
     */
    @Test
    void onlyTheStatusRecorderPatchesStatus() {
        noClasses()
                .that()
                .doNotBelongToAnyOf(StatusRecorder.class)
                .should()
                .callMethodWhere(DescribedPredicate.describe(
                        "a status write outside ClaimResizer's claim update", OperatorLayoutTest::writesStatus))
                .check(product);
    }

    private static boolean writesStatus(JavaMethodCall call) {
        String name = call.getTarget().getName();
        JavaClass owner = call.getTarget().getOwner();
        boolean client = owner.isAssignableTo(EditReplacePatchable.class) || owner.isAssignableTo(Resource.class);
        boolean josdk =
                owner.isEquivalentTo(UpdateControl.class) || owner.isEquivalentTo(ErrorStatusUpdateControl.class);
        return switch (name) {
            case "patchStatus" -> client || josdk;
            case "editStatus", "replaceStatus" -> client;
            case "subresource" ->
                client && !call.getOriginOwner().getSimpleName().equals("ContentWriter");
            case "updateStatus" ->
                client && !call.getOriginOwner().getSimpleName().equals("ClaimResizer");
            default -> false;
        };
    }
}
