package com.mangaassist.localaws;

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

    /** The turn pipeline's properties for services at these endpoints, with the stack's resource names. */
    static Map<String, Object> pipelineProperties(String region, String dynamo, String sqs, String kinesis, String queueUrl, int redisPort) {
        Map<String, Object> props = new java.util.LinkedHashMap<>();
        props.put("aws.region", region);
        props.put("aws.local-credentials", true);
        props.put("aws.endpoints.dynamodb", dynamo);
        props.put("aws.endpoints.sqs", sqs);
        props.put("aws.endpoints.kinesis", kinesis);
        props.put("pipeline.conversation-table", LocalAwsStack.TABLE);
        props.put("pipeline.create-table", true);
        props.put("pipeline.chat-events-stream", LocalAwsStack.STREAM);
        props.put("pipeline.overflow-queue-url", queueUrl);
        props.put("pipeline.redis.host", "127.0.0.1");
        props.put("pipeline.redis.port", redisPort);
        return props;
    }
}
