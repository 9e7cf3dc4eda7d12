package com.mangaassist.shared;

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
 * shared is the routing model and nothing else: no package cycle (its enums live at the ground
 * floor, {@code domain}), and nothing beyond the JDK, Jackson and jtokkit, so the GPU container can
 * take it whole.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("com.mangaassist.shared");

    @Test
    void packages_haveNoCycles() {
        assertThat(CLASSES).isNotEmpty();
        SlicesRuleDefinition.slices().matching("com.mangaassist.shared.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    /** A new package in shared is a claim that both compute paths or the GPU front need it: make it here, with ADR 0001. */
    @Test
    void packages_areTheRoutingModelsOnly() {
        Set<String> features = new TreeSet<>();
        for (JavaClass type : CLASSES) {
            String rest = type.getPackageName().substring("com.mangaassist.shared".length());
            features.add(rest.isEmpty() ? "" : rest.substring(1).split("\\.")[0]);
        }
        assertThat(features).containsExactlyInAnyOrder("breaker", "budget", "capacity", "contract", "domain", "grounding", "model", "routing",
                "runtime", "wire");
    }

    @Test
    void dependencies_areTheJdkJacksonAndJtokkitOnly() {
        Set<String> foreign = new TreeSet<>();
        for (JavaClass type : CLASSES) {
            type.getDirectDependenciesFromSelf().forEach(dependency -> {
                String name = dependency.getTargetClass().getPackageName();
                if (!(name.isEmpty() || name.startsWith("java.") || name.startsWith("com.mangaassist.shared") || name.startsWith("com.fasterxml.jackson.")
                        || name.startsWith("com.knuddels.jtokkit"))) {
                    foreign.add(type.getName() + " -> " + dependency.getTargetClass().getName());
                }
            });
        }
        assertThat(foreign).isEmpty();
    }
}
