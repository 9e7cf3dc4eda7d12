package com.mangaassist.testsupport;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS services a turn-pipeline service needs, wherever they run: embedded emulators
 * ({@link LocalAwsStack}) everywhere, or LocalStack in a container where Docker exists. Queue and
 * DLQ, stream and Redis are ready; tables are created by the services themselves.
 */
public interface AwsBackend extends AutoCloseable {

    /** Micronaut properties pointing a service at this backend (endpoints, names, Redis). */
    Map<String, Object> serviceProperties();

    String queueUrl();

    String dlqUrl();

    SqsClient sqs();

    @Override
    void close();
}
