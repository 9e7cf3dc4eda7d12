package com.mangaassist.orchestrator.overflow;

import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.shared.wire.overflow.OverflowMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessageCodec;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Spills an attempt to the overflow queue for a Lambda to run: the queue message names the stored
 * message and the attempt it was made for (ADR 0019). On a FIFO queue, turns of one conversation
 * stay in order (group = conversation) and SQS drops a repeat of the same attempt (deduplication
 * id = message id and attempt), while a later attempt of the same message still goes through.
 * The SQS client's call timeout bounds how long a spill can hold its caller.
 */
public final class OverflowPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(OverflowPublisher.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Clock clock;
    private final OverflowMessageCodec codec = OverflowMessageCodec.withDefaults();
    private final boolean fifo;
    private final Runnable onPublished;

    /** @param onPublished told of each message SQS accepted (the queue monitor's drain estimate) */
    public OverflowPublisher(SqsClient sqs, String queueUrl, Clock clock, Runnable onPublished) {
        this.onPublished = onPublished;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.clock = clock;
        this.fifo = queueUrl.endsWith(".fifo");
    }

    /**
     * True once SQS accepted the message; false (logged) when the call failed, which may still mean
     * SQS has it (the answer was lost): the caller's fallback claims the next attempt only while this
     * one is still current, so at most one of them runs.
     */
    public boolean publish(TurnCommand command) {
        Instant now = clock.instant();
        OverflowMessage message = new OverflowMessage(command.principal(), command.conversationId(), command.messageId(),
                command.message().index(), command.attempt(), command.requestId(), now);
        SendMessageRequest.Builder request = SendMessageRequest.builder().queueUrl(queueUrl).messageBody(codec.encode(message));
        if (fifo) {
            // The group is the conversation under its principal (one caller's conversation id never orders another's),
            // digested to fit SQS's 128 characters.
            request.messageGroupId(digest(command.key().partitionKey())).messageDeduplicationId(digest(command.messageId() + "#" + command.attempt()));
        }
        try {
            sqs.sendMessage(request.build());
            onPublished.run();
            return true;
        } catch (SdkException e) {
            LOG.warn("event=spill_failed requestId={} messageId={} detail=\"{}\"", command.requestId(), command.messageId(), e.toString());
            return false;
        }
    }

    private static String digest(String value) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
