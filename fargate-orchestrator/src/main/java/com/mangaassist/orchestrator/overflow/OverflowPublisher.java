package com.mangaassist.orchestrator.overflow;

import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.shared.wire.overflow.OverflowMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessageCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Spills a turn to the overflow queue for a Lambda to run. The message carries what the Lambda
 * needs to answer the same connection, and a deadline after which it answers {@code expired}
 * rather than late. On a FIFO queue, turns of one conversation stay in order (group = conversation)
 * and a resend of one message id is dropped by SQS itself (deduplication id = message id).
 */
public final class OverflowPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(OverflowPublisher.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration deadline;
    private final Clock clock;
    private final OverflowMessageCodec codec = OverflowMessageCodec.withDefaults();
    private final boolean fifo;
    private final Runnable onPublished;

    /** @param onPublished told of each message SQS accepted (the queue monitor's drain estimate) */
    public OverflowPublisher(SqsClient sqs, String queueUrl, Duration deadline, Clock clock, Runnable onPublished) {
        this.onPublished = onPublished;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.deadline = deadline;
        this.clock = clock;
        this.fifo = queueUrl.endsWith(".fifo");
    }

    /** True once SQS accepted the message; false (logged) when it did not, so the caller can run or shed the turn. */
    public boolean publish(TurnCommand command) {
        Instant now = clock.instant();
        OverflowMessage message = new OverflowMessage(command.connectionId(), command.principal(), command.conversationId(),
                command.messageId(), command.message().text(), command.message().locale(), command.requestId(), now, now.plus(deadline));
        SendMessageRequest.Builder request = SendMessageRequest.builder().queueUrl(queueUrl).messageBody(codec.encode(message));
        if (fifo) {
            request.messageGroupId(command.conversationId()).messageDeduplicationId(command.messageId());
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
}
