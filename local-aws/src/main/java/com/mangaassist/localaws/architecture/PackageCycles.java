package com.mangaassist.localaws.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * The rule every module keeps: no cycle between its packages, each package being a slice (so
 * {@code a.b} and {@code a.b.c} are different slices, the module's root package among them). Checked over the module's production
 * classes, which is what its artifact ships.
 */
public final class PackageCycles {

    private PackageCycles() {
    }

    /** Fails with every cycle ArchUnit finds among the production packages under {@code rootPackage}. */
    public static void assertNone(String rootPackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(rootPackage);
        if (classes.isEmpty()) {
            throw new AssertionError("no production classes under " + rootPackage + ": the check would pass without checking anything");
        }
        // Slices one level up, so the root package is a slice too (a module may keep classes there).
        String parent = rootPackage.substring(0, rootPackage.lastIndexOf('.'));
        SlicesRuleDefinition.slices().matching(parent + ".(**)").should().beFreeOfCycles().check(classes);
    }
}
