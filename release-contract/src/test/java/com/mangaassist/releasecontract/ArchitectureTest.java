package com.mangaassist.releasecontract;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No cycle between the contract and its signing code (ADR 0001): the manifest uses the signing
 * primitives, which know nothing of manifests, so the two packages depend one way.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("com.mangaassist.releasecontract");

    @Test
    void signing_dependsOnNothingOfTheManifest() {
        assertThat(CLASSES).isNotEmpty();
        noClasses().that().resideInAPackage("com.mangaassist.releasecontract.signing..").should().dependOnClassesThat()
                .resideInAPackage("com.mangaassist.releasecontract").check(CLASSES);
    }
}
