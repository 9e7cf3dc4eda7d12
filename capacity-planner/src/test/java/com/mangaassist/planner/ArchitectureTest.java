package com.mangaassist.planner;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The planner models the services with the routing model they share (ADR 0001, 0023): it depends
 * on {@code shared} alone among our modules, never on a deployable service's jar, whose runtime it
 * would drag in and whose classes it would copy the day one moved.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("com.mangaassist.planner");

    @Test
    void dependencies_areSharedTheJdkJacksonAndPicocliOnly() {
        Set<String> foreign = new TreeSet<>();
        for (JavaClass type : CLASSES) {
            type.getDirectDependenciesFromSelf().forEach(dependency -> {
                String name = dependency.getTargetClass().getPackageName();
                if (!(name.isEmpty() || name.startsWith("java.") || name.startsWith("com.mangaassist.planner") || name.startsWith("com.mangaassist.shared")
                        || name.startsWith("com.fasterxml.jackson.") || name.startsWith("picocli"))) {
                    foreign.add(type.getName() + " -> " + dependency.getTargetClass().getName());
                }
            });
        }
        assertThat(CLASSES).isNotEmpty();
        assertThat(foreign).isEmpty();
    }

    @Test
    void packages_haveNoCycles() {
        SlicesRuleDefinition.slices().matching("com.mangaassist.planner.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
