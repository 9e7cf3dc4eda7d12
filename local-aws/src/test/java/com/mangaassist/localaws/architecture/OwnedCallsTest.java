package com.mangaassist.localaws.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnedCallsTest {

    interface Store {
        void change();

        int read();
    }

    static final class SqlStore implements Store {
        @Override
        public void change() {
        }

        @Override
        public int read() {
            return 0;
        }
    }

    static final class Owner {
        void change(Store store) {
            store.change();
        }
    }

    static final class Reader {
        int read(Store store) {
            return store.read();
        }
    }

    static final class Bypasser {
        void change(SqlStore store) {
            store.change();
        }
    }

    static final class ReferenceBypasser {
        Runnable change(Store store) {
            return store::change;
        }
    }

    private static final Set<String> CHANGES = Set.of("change");

    @Test
    void assertOnlyAllowedCallers_whenOnlyTheOwnerChangesAndOthersRead_passes() {
        JavaClasses classes = new ClassFileImporter().importClasses(Store.class, SqlStore.class, Owner.class, Reader.class);

        assertThatCode(() -> OwnedCalls.assertOnlyAllowedCallers(classes, Store.class.getName(), CHANGES, c -> c.isEquivalentTo(Owner.class)))
                .doesNotThrowAnyException();
    }

    @Test
    void assertOnlyAllowedCallers_whenAnotherClassChangesThroughAnImplementation_failsNamingIt() {
        JavaClasses classes = new ClassFileImporter().importClasses(Store.class, SqlStore.class, Owner.class, Bypasser.class);

        assertThatThrownBy(() -> OwnedCalls.assertOnlyAllowedCallers(classes, Store.class.getName(), CHANGES, c -> c.isEquivalentTo(Owner.class)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Bypasser calls SqlStore.change").hasMessageNotContaining("Owner calls");
    }

    @Test
    void assertOnlyAllowedCallers_whenAnotherClassTakesAMethodReference_failsNamingIt() {
        JavaClasses classes = new ClassFileImporter().importClasses(Store.class, Owner.class, ReferenceBypasser.class);

        assertThatThrownBy(() -> OwnedCalls.assertOnlyAllowedCallers(classes, Store.class.getName(), CHANGES, c -> c.isEquivalentTo(Owner.class)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("ReferenceBypasser refers to Store::change");
    }
}
