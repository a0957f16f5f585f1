package io.srvlab.rds.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product's layering, enforced: {@code api ← operator → volume → pool → routeros}, one direction, no cycles. (The
 * RDS simulator lives in the test sources; PackagedOperatorIT checks that none of it reaches the packaged app.)
 */
class LayeringTest {
    private static final String ROOT = "io.srvlab.rds";
    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("api")
                .definedBy(ROOT + ".api..")
                .layer("operator")
                .definedBy(ROOT + ".operator..")
                .layer("volume")
                .definedBy(ROOT + ".volume..")
                .layer("pool")
                .definedBy(ROOT + ".pool..")
                .layer("routeros")
                .definedBy(ROOT + ".routeros..")
                .whereLayer("operator")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("api")
                .mayOnlyBeAccessedByLayers("operator")
                .whereLayer("volume")
                .mayOnlyBeAccessedByLayers("operator")
                .whereLayer("pool")
                .mayOnlyBeAccessedByLayers("operator", "volume")
                .whereLayer("routeros")
                .mayOnlyBeAccessedByLayers("operator", "volume", "pool")
                .check(product);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(product);
    }

    @Test
    void theApiDependsOnNothingOfOurs() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".operator..", ROOT + ".volume..", ROOT + ".pool..", ROOT + ".routeros..")
                .check(product);
    }
}
