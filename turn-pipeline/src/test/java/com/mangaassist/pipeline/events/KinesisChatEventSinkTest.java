package com.mangaassist.pipeline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.ChatEventCodec;
import com.mangaassist.shared.wire.events.ChatEventType;
import com.mangaassist.localaws.EmbeddedKinesis;
import com.mangaassist.localaws.LocalAwsClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The chat-event path against a real Kinesis API (kinesalite): batched, partitioned, decodable. */
class KinesisChatEventSinkTest {

    private static EmbeddedKinesis emulator;
    private static KinesisClient kinesis;

    @BeforeAll
    static void start() {
        emulator = EmbeddedKinesis.start();
        kinesis = LocalAwsClients.local(KinesisClient.builder(), emulator.endpoint()).httpClient(UrlConnectionHttpClient.create()).build();
        kinesis.createStream(b -> b.streamName("chat-events").shardCount(1));
    }

    @AfterAll
    static void stop() {
        kinesis.close();
        emulator.close();
    }

    @Test
    void publisher_whenEventsArePublished_writesThemToTheStreamInOrder() {
        try (ChatEventPublisher publisher = new ChatEventPublisher(new KinesisChatEventSink(kinesis, "chat-events"), 100, 10, Duration.ofMillis(20))) {
            for (int i = 0; i < 25; i++) {
                assertThat(publisher.publish(event("m" + i))).isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> publisher.published() == 25);
            assertThat(publisher.dropped()).isZero();
        }

        List<String> messageIds = new ArrayList<>();
        String shard = kinesis.listShards(b -> b.streamName("chat-events")).shards().get(0).shardId();
        String iterator = kinesis.getShardIterator(b -> b.streamName("chat-events").shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        ChatEventCodec codec = new ChatEventCodec();
        kinesis.getRecords(b -> b.shardIterator(iterator)).records().forEach(record -> {
            assertThat(record.partitionKey()).isEqualTo("c-1");
            messageIds.add(codec.decode(record.data().asByteArray()).value().messageId());
        });
        assertThat(messageIds).hasSize(25).startsWith("m0", "m1", "m2").endsWith("m24");
    }

    private static ChatEvent event(String messageId) {
        return new ChatEvent("e-" + messageId, ChatEventType.TURN_COMPLETED, "c-1", messageId, "user-a", Route.BASELINE,
                Instant.parse("2026-11-22T10:00:00Z"), 120, 40, 35L, 400, false, 0, null, null);
    }
}
