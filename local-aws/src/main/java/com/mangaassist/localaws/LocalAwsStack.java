package com.mangaassist.localaws;

import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.contract.TurnTimings;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The AWS side of the platform on 127.0.0.1, as the CDK stack shapes it: DynamoDB Local (HTTP),
 * ElasticMQ with the overflow queue and its DLQ (visibility and receive count from {@link TurnTimings}), kinesalite with the
 * chat-events stream, Redis, and a recording {@code @connections} API. One place that the modules'
 * integration tests and the local stack all start the emulators from. The conversation table is
 * created by the services themselves ({@code create-table}), which own its schema.
 */
public final class LocalAwsStack implements AwsBackend {

    public static final String TABLE = "mangaassist-conversations";
    public static final String STREAM = "mangaassist-chat-events";
    public static final String QUEUE = "mangaassist-overflow";
    public static final String DLQ = "mangaassist-overflow-dlq";

    private final EmbeddedDynamoDb dynamo;
    private final EmbeddedSqs sqs;
    private final EmbeddedKinesis kinesis;
    private final EmbeddedRedis redis;
    private final RecordingManagementApi connections;
    private final SqsClient sqsClient;
    private final KinesisClient kinesisClient;
    private final String queueUrl;
    private final String dlqUrl;

    private LocalAwsStack(EmbeddedDynamoDb dynamo, EmbeddedSqs sqs, EmbeddedKinesis kinesis, EmbeddedRedis redis,
                          RecordingManagementApi connections, TurnTimings timings) {
        this.dynamo = dynamo;
        this.sqs = sqs;
        this.kinesis = kinesis;
        this.redis = redis;
        this.connections = connections;
        this.sqsClient = LocalAwsClients.local(SqsClient.builder(), sqs.endpoint()).httpClient(UrlConnectionHttpClient.create()).build();
        this.kinesisClient = LocalAwsClients.local(KinesisClient.builder(), kinesis.endpoint()).httpClient(UrlConnectionHttpClient.create()).build();
        this.dlqUrl = sqsClient.createQueue(b -> b.queueName(DLQ)).queueUrl();
        String dlqArn = sqsClient.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        this.queueUrl = sqsClient.createQueue(b -> b.queueName(QUEUE).attributes(Map.of(
                // As the CDK stack derives them: visibility longer than the function timeout, the DLQ after the last receive.
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(timings.visibilityTimeout().toSeconds()),
                QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"" + timings.maxReceives() + "\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}")))
                .queueUrl();
        kinesisClient.createStream(b -> b.streamName(STREAM).shardCount(1));
    }

    /** With production's turn timings (the queue's visibility timeout and receive count follow from them). */
    public static LocalAwsStack start() {
        return start(TurnTimings.defaults());
    }

    public static LocalAwsStack start(TurnTimings timings) {
        EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.startServer();
        EmbeddedSqs sqs = EmbeddedSqs.start();
        EmbeddedKinesis kinesis = EmbeddedKinesis.start();
        EmbeddedRedis redis = EmbeddedRedis.start();
        RecordingManagementApi connections = RecordingManagementApi.start();
        return new LocalAwsStack(dynamo, sqs, kinesis, redis, connections, timings);
    }

    /**
     * Configuration for a turn-pipeline service (orchestrator or overflow function) pointed at these
     * emulators, as Micronaut properties.
     */
    @Override
    public Map<String, Object> serviceProperties() {
        Map<String, Object> props = AwsBackend.pipelineProperties(LocalAwsClients.REGION.id(), dynamo.endpoint().toString(),
                sqs.endpoint().toString(), kinesis.endpoint().toString(), queueUrl, redis.port());
        props.put(SettingNames.CONNECTIONS_ENDPOINT, connections.endpoint().toString());
        return props;
    }

    public EmbeddedDynamoDb dynamo() {
        return dynamo;
    }

    public EmbeddedRedis redis() {
        return redis;
    }

    public RecordingManagementApi connections() {
        return connections;
    }

    @Override
    public SqsClient sqs() {
        return sqsClient;
    }

    public KinesisClient kinesis() {
        return kinesisClient;
    }

    @Override
    public String queueUrl() {
        return queueUrl;
    }

    @Override
    public String dlqUrl() {
        return dlqUrl;
    }

    @Override
    public void close() {
        sqsClient.close();
        kinesisClient.close();
        connections.close();
        redis.close();
        kinesis.close();
        sqs.close();
        dynamo.close();
    }
}
