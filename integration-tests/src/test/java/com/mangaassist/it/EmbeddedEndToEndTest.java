package com.mangaassist.it;

import com.mangaassist.localaws.AwsBackend;
import com.mangaassist.localaws.LocalAwsStack;
import java.util.function.Supplier;

/** The scenarios on the embedded emulators: runs everywhere. */
class EmbeddedEndToEndTest extends EndToEndScenarios {

    @Override
    Supplier<AwsBackend> backend() {
        return LocalAwsStack::start;
    }
}
