package com.mangaassist.it;

import com.mangaassist.localaws.AwsBackend;
import java.util.function.Supplier;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The scenarios on LocalStack (DynamoDB, SQS, Kinesis) in a container: skipped, not failed, where Docker is absent. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackEndToEndTest extends EndToEndScenarios {

    @Override
    Supplier<AwsBackend> backend() {
        return LocalStackBackend::start;
    }
}
