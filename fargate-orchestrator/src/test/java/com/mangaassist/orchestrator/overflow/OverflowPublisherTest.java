package com.mangaassist.orchestrator.overflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.orchestrator.testing.RecordingSqsClient;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.testing.Messages;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.client.SendMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessageCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a spilled turn becomes on the queue, on standard and FIFO queues, and what a refused send reports. */
class OverflowPublisherTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final RecordingSqsClient sqs = new RecordingSqsClient();
    private final AtomicInteger published = new AtomicInteger();

    private static TurnCommand command(int attempt) {
        return new TurnCommand(Messages.pending(new ConversationRef("user-a", "c-42"), 7, "m-7", attempt, "connPublisher01="), Route.OVERFLOW,
                null, null, 0, true);
    }

    private static TurnCommand command() {
        return command(2);
    }

    @Test
    void publish_onAStandardQueue_sendsWhichMessageAndAttemptToRunAndNoUserText() {
        OverflowPublisher publisher = new OverflowPublisher(sqs, "https://sqs.ap-northeast-1.amazonaws.com/1/overflow", CLOCK,
                published::incrementAndGet);

        assertThat(publisher.publish(command())).isTrue();

        assertThat(sqs.sent).singleElement().satisfies(request -> {
            assertThat(request.messageGroupId()).isNull();
            OverflowMessage message = OverflowMessageCodec.withDefaults().decode(request.messageBody()).value();
            assertThat(message).isEqualTo(new OverflowMessage("user-a", "c-42", "m-7", 7, 2, "req-m-7", NOW));
            assertThat(request.messageBody()).doesNotContain("hello").doesNotContain("connPublisher01=");
        });
        assertThat(published).hasValue(1);
    }

    @Test
    void publish_onAFifoQueue_groupsByConversationAndDeduplicatesByMessageAndAttempt() {
        OverflowPublisher publisher = new OverflowPublisher(sqs, "https://sqs.ap-northeast-1.amazonaws.com/1/overflow.fifo", CLOCK,
                published::incrementAndGet);

        publisher.publish(command(1));
        publisher.publish(command(1));
        publisher.publish(command(2));

        assertThat(sqs.sent).extracting(r -> r.messageGroupId()).containsOnly(sqs.sent.get(0).messageGroupId()).doesNotContainNull();
        assertThat(sqs.sent.get(0).messageGroupId()).hasSizeLessThanOrEqualTo(128).doesNotContain("c-42");
        // A repeat of one attempt is one message to SQS; a later attempt of the same message is another.
        assertThat(sqs.sent.get(0).messageDeduplicationId()).isEqualTo(sqs.sent.get(1).messageDeduplicationId())
                .isNotEqualTo(sqs.sent.get(2).messageDeduplicationId());
    }

    @Test
    void publish_whenSqsRefuses_reportsFalseAndCountsNothing() {
        OverflowPublisher publisher = new OverflowPublisher(sqs, "https://sqs.ap-northeast-1.amazonaws.com/1/overflow", CLOCK,
                published::incrementAndGet);
        sqs.failing = true;

        assertThat(publisher.publish(command())).isFalse();
        assertThat(published).hasValue(0);
    }
}
