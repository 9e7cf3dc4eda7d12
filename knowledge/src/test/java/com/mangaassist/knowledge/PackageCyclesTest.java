package com.mangaassist.knowledge;

import com.mangaassist.localaws.architecture.PackageCycles;
import org.junit.jupiter.api.Test;

/** No cycle between this module's packages (each package a slice; see PackageCycles). */
class PackageCyclesTest {

    @Test
    void packages_haveNoCycles() {
        PackageCycles.assertNone("com.mangaassist.knowledge");
    }
}
