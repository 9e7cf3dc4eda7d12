package com.mangaassist.it;

import com.mangaassist.localaws.AwsBackend;
import com.mangaassist.localaws.docker.DockerEnvironment;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The scenarios on LocalStack (DynamoDB, SQS, Kinesis) in a container. They run only where the
 * pinned LocalStack image is already on the engine: no registry here serves it, and a pull (with
 * Testcontainers' retries) would cost minutes before skipping. The check is one
 * {@code docker image inspect}, so a machine without the image skips in well under a second.
 */
@EnabledIf("localStackImagePresent")
class LocalStackEndToEndTest extends EndToEndScenarios {

    static boolean localStackImagePresent() {
        try {
            Process inspect = new ProcessBuilder(DockerEnvironment.client(), "image", "inspect", LocalStackBackend.IMAGE.asCanonicalNameString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return inspect.waitFor(10, TimeUnit.SECONDS) && inspect.exitValue() == 0;
        } catch (java.io.IOException noDocker) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    Supplier<AwsBackend> backend() {
        return LocalStackBackend::start;
    }
}
