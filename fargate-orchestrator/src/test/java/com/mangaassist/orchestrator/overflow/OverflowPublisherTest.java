package com.mangaassist.orchestrator.overflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.orchestrator.testing.RecordingSqsClient;
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

    private static TurnCommand command() {
        return new TurnCommand("connPublisher01=", "user-a", "req-1", new SendMessage("c-42", "m-7", "おすすめの漫画は？", "ja"),
                Route.BASELINE, null, null);
    }

    @Test
    void publish_onAStandardQueue_sendsTheVersionedMessageWithItsDeadline() {
        OverflowPublisher publisher = new OverflowPublisher(sqs, "https://sqs.ap-northeast-1.amazonaws.com/1/overflow", Duration.ofSeconds(60),
                CLOCK, published::incrementAndGet);

        assertThat(publisher.publish(command())).isTrue();

        assertThat(sqs.sent).singleElement().satisfies(request -> {
            assertThat(request.messageGroupId()).isNull();
            OverflowMessage message = OverflowMessageCodec.withDefaults().decode(request.messageBody()).value();
            assertThat(message).isEqualTo(new OverflowMessage("connPublisher01=", "user-a", "c-42", "m-7", "おすすめの漫画は？", "ja", "req-1", NOW,
                    NOW.plusSeconds(60)));
        });
        assertThat(published).hasValue(1);
    }

    @Test
    void publish_onAFifoQueue_groupsByConversationAndDeduplicatesByMessage() {
        OverflowPublisher publisher = new OverflowPublisher(sqs, "https://sqs.ap-northeast-1.amazonaws.com/1/overflow.fifo", Duration.ofSeconds(60),
                CLOCK, published::incrementAndGet);

        publisher.publish(command());

        assertThat(sqs.sent).singleElement().satisfies(request -> {
            assertThat(request.messageGroupId()).isEqualTo("c-42");
            assertThat(request.messageDeduplicationId()).isEqualTo("m-7");
        });
    }

    @Test
    void publish_whenSqsRefuses_reportsFalseAndCountsNothing() {
        OverflowPublisher publisher = new OverflowPublisher(sqs, "https://sqs.ap-northeast-1.amazonaws.com/1/overflow", Duration.ofSeconds(60),
                CLOCK, published::incrementAndGet);
        sqs.failing = true;

        assertThat(publisher.publish(command())).isFalse();
        assertThat(published).hasValue(0);
    }
}
