package com.mangaassist.localaws.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaMethodReference;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A rule of ownership: some methods of a type may be called only by its owner (e.g. only
 * {@code MessageAttempts} changes a message's attempts, issue 27), checked over a module's
 * production classes by what their bytecode calls, so a new path cannot quietly bypass the owner.
 * Types are named, not imported, so a module can check a rule about another module's type.
 */
public final class OwnedCalls {

    private OwnedCalls() {
    }

    /**
     * Fails naming every call, from a production class under {@code rootPackage} that
     * {@code mayCall} does not allow, to one of {@code methods} on {@code ownedType} or a subtype.
     */
    public static void assertOnlyAllowedCallers(String rootPackage, String ownedType, Set<String> methods, Predicate<JavaClass> mayCall) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(rootPackage);
        if (classes.isEmpty()) {
            throw new AssertionError("no production classes under " + rootPackage + ": the check would pass without checking anything");
        }
        assertOnlyAllowedCallers(classes, ownedType, methods, mayCall);
    }

    /** As {@link #assertOnlyAllowedCallers(String, String, Set, Predicate)}, over {@code classes}. */
    public static void assertOnlyAllowedCallers(JavaClasses classes, String ownedType, Set<String> methods, Predicate<JavaClass> mayCall) {
        Set<String> bypasses = new TreeSet<>();
        for (JavaClass caller : classes) {
            if (mayCall.test(caller)) {
                continue;
            }
            for (JavaMethodCall call : caller.getMethodCallsFromSelf()) {
                if (methods.contains(call.getName()) && call.getTargetOwner().isAssignableTo(ownedType)) {
                    bypasses.add(caller.getName() + " calls " + call.getTargetOwner().getSimpleName() + "." + call.getName() + " ("
                            + call.getSourceCodeLocation() + ")");
                }
            }
            for (JavaMethodReference reference : caller.getMethodReferencesFromSelf()) {
                if (methods.contains(reference.getName()) && reference.getTargetOwner().isAssignableTo(ownedType)) {
                    bypasses.add(caller.getName() + " refers to " + reference.getTargetOwner().getSimpleName() + "::" + reference.getName() + " ("
                            + reference.getSourceCodeLocation() + ")");
                }
            }
        }
        if (!bypasses.isEmpty()) {
            throw new AssertionError("only the owner may call " + ownedType + "." + methods + ":\n  " + String.join("\n  ", bypasses));
        }
    }
}
