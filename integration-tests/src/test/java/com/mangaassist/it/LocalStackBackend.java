package com.mangaassist.it;

import com.mangaassist.localaws.AwsBackend;
import com.mangaassist.localaws.EmbeddedRedis;
import com.mangaassist.localaws.LocalAwsStack;
import java.util.Map;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * DynamoDB, SQS and Kinesis from LocalStack in a container (image pinned: newer "latest" tags want
 * an auth token), shaped like the CDK stack; Redis stays embedded (ElastiCache is not in
 * LocalStack's community image).
 */
final class LocalStackBackend implements AwsBackend {

    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.14.0");

    private final LocalStackContainer container;
    private final EmbeddedRedis redis;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String dlqUrl;

    private LocalStackBackend(LocalStackContainer container, EmbeddedRedis redis) {
        this.container = container;
        this.redis = redis;
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(container.getAccessKey(),
                container.getSecretKey()));
        this.sqs = SqsClient.builder().endpointOverride(container.getEndpoint()).region(Region.of(container.getRegion()))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.dlqUrl = sqs.createQueue(b -> b.queueName(LocalAwsStack.DLQ)).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        this.queueUrl = sqs.createQueue(b -> b.queueName(LocalAwsStack.QUEUE).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"3\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"))).queueUrl();
        try (KinesisClient kinesis = KinesisClient.builder().endpointOverride(container.getEndpoint()).region(Region.of(container.getRegion()))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
            kinesis.createStream(b -> b.streamName(LocalAwsStack.STREAM).shardCount(1));
        }
    }

    static LocalStackBackend start() {
        LocalStackContainer container = new LocalStackContainer(IMAGE).withServices(LocalStackContainer.Service.DYNAMODB,
                LocalStackContainer.Service.SQS, LocalStackContainer.Service.KINESIS);
        container.start();
        return new LocalStackBackend(container, EmbeddedRedis.start());
    }

    @Override
    public Map<String, Object> serviceProperties() {
        String endpoint = container.getEndpoint().toString();
        return AwsBackend.pipelineProperties(container.getRegion(), endpoint, endpoint, endpoint, queueUrl, redis.port());
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
    public SqsClient sqs() {
        return sqs;
    }

    @Override
    public void close() {
        sqs.close();
        redis.close();
        container.stop();
    }
}
