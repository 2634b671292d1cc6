package dev.franking.service;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of DESIGN.md across Maven modules, on their compiled classes: the library, the
 * evidence format and the reference client know nothing of Spring, and the review UI knows nothing
 * of the report service. The walls between the service's own feature packages are {@link
 * ModulesTest}'s (Spring Modulith).
 */
class ArchitectureTest {
    private static final JavaClasses ALL =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.franking");

    @Test
    void theLibraryHasNoSpring() {
        noClasses()
                .that()
                .resideInAPackage("dev.franking.v2..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "dev.franking.service..")
                .because("the franking library has no Spring and no I/O framework")
                .check(ALL);
    }

    @Test
    void theEvidenceFormatHasNoSpringAndNoService() {
        noClasses()
                .that()
                .resideInAPackage("dev.franking.evidence..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "dev.franking.service..")
                .check(ALL);
    }

    @Test
    void theReviewUiIsWrittenAgainstItsOwnPorts() {
        noClasses()
                .that()
                .resideInAPackage("dev.franking.review..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.franking.service..",
                        "jakarta.persistence..",
                        "org.springframework.jdbc..")
                .check(ALL);
    }

    @Test
    void theReferenceClientHasNoSpring() {
        noClasses()
                .that()
                .resideInAPackage("dev.franking.client..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "dev.franking.service..")
                .because("the reference client is what integrators copy")
                .check(ALL);
    }
}
