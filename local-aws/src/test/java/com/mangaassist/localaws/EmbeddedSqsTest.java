package com.mangaassist.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The emulator behaves like SQS where the overflow path depends on it: redrive to a DLQ after maxReceiveCount. */
class EmbeddedSqsTest {

    @Test
    void message_receivedMoreThanMaxReceiveCount_movesToTheDeadLetterQueue() {
        try (EmbeddedSqs sqs = EmbeddedSqs.start();
             SqsClient client = SqsClient.builder().endpointOverride(sqs.endpoint()).region(Region.US_EAST_1)
                     .httpClient(UrlConnectionHttpClient.create())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build()) {
            String dlq = client.createQueue(b -> b.queueName("overflow-dlq")).queueUrl();
            String dlqArn = client.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String queue = client.createQueue(b -> b.queueName("overflow").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "0",
                    QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"3\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"))).queueUrl();
            client.sendMessage(b -> b.queueUrl(queue).messageBody("poison"));

            for (int receive = 1; receive <= 3; receive++) {
                assertThat(client.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1)).messages()).extracting(Message::body)
                        .as("receive %d", receive).containsExactly("poison");
            }
            assertThat(client.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1)).messages()).isEmpty();
            assertThat(client.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1)).messages()).extracting(Message::body)
                    .containsExactly("poison");
        }
    }
}
