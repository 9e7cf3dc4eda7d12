package com.mangaassist.it;

import com.mangaassist.testsupport.AwsBackend;
import com.mangaassist.testsupport.LocalAwsStack;
import java.util.function.Supplier;

/** The scenarios on the embedded emulators: runs everywhere. */
class EmbeddedEndToEndTest extends EndToEndScenarios {

    @Override
    Supplier<AwsBackend> backend() {
        return LocalAwsStack::start;
    }
}
