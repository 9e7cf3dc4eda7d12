package com.mangaassist.orchestrator.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * SQS as the spill path sees it: records what was sent, refuses every send while {@link #failing}
 * is set, or — while {@link #ambiguous} is set — takes the message and then fails the call, as a
 * timeout after SQS accepted it does.
 */
public final class RecordingSqsClient implements SqsClient {

    public final List<SendMessageRequest> sent = new CopyOnWriteArrayList<>();
    public volatile boolean failing;
    public volatile boolean ambiguous;
    /** Runs when a send is refused (a test can take another dependency down at exactly that moment). */
    public volatile Runnable onRefusal = () -> { };

    @Override
    public SendMessageResponse sendMessage(SendMessageRequest request) {
        if (failing) {
            onRefusal.run();
            throw SdkClientException.create("Unable to execute HTTP request: connect timed out");
        }
        sent.add(request);
        if (ambiguous) {
            throw SdkClientException.create("Unable to execute HTTP request: Read timed out");
        }
        return SendMessageResponse.builder().messageId("sqs-" + sent.size()).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
