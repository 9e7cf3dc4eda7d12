package com.mangaassist.pipeline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.ChatEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChatEventPublisherTest {

    private static ChatEvent event(int i) {
        return new ChatEvent("evt-" + i, ChatEventType.TURN_COMPLETED, "conv-" + (i % 3), "m" + i, "user-a", Route.BASELINE,
                Instant.parse("2026-11-22T12:00:00Z"), 10, 20, 100L, 900, false, 0, null, null);
    }

    @Test
    void publish_batchesEventsAndWritesAllOfThem() {
        List<List<ChatEvent>> batches = new CopyOnWriteArrayList<>();
        try (ChatEventPublisher publisher = new ChatEventPublisher(batch -> {
            batches.add(batch);
            return List.of();
        }, 100, 10, Duration.ofMillis(50))) {
            for (int i = 0; i < 35; i++) {
                assertThat(publisher.publish(event(i))).isTrue();
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> publisher.published() == 35);
            assertThat(batches).allMatch(b -> b.size() <= 10);
            assertThat(batches.stream().flatMap(List::stream).map(ChatEvent::eventId)).hasSize(35).doesNotHaveDuplicates();
            assertThat(publisher.dropped()).isZero();
        }
    }

    @Test
    void flush_whileTheWorkerLingersForMore_sendsWhatItHoldsWithoutWaitingTheLingerOut() {
        List<List<ChatEvent>> batches = new CopyOnWriteArrayList<>();
        // A linger no test would wait for: the flush must end it, not outlast it.
        try (ChatEventPublisher publisher = new ChatEventPublisher(batch -> {
            batches.add(batch);
            return List.of();
        }, 100, 10, Duration.ofMinutes(10))) {
            publisher.publish(event(1));
            publisher.publish(event(2));

            assertThat(publisher.flush(Duration.ofSeconds(5))).isTrue();

            assertThat(batches.stream().flatMap(List::stream).map(ChatEvent::eventId)).containsExactly("evt-1", "evt-2");
            assertThat(publisher.published()).isEqualTo(2);
        }
    }

    @Test
    void publish_whenTheSinkIsStuckAndTheBufferFull_dropsWithoutWaitingAndCounts() {
        CountDownLatch unblock = new CountDownLatch(1);
        AtomicInteger insideSink = new AtomicInteger();
        ChatEventPublisher publisher = new ChatEventPublisher(batch -> {
            insideSink.incrementAndGet();
            unblock.await(30, TimeUnit.SECONDS);
            insideSink.decrementAndGet();
            return List.of();
        }, 5, 1, Duration.ofMillis(10));
        publisher.publish(event(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> insideSink.get() == 1);
        for (int i = 1; i <= 5; i++) {
            publisher.publish(event(i)); // fills the buffer of 5
        }

        int refused = 0;
        for (int i = 0; i < 1_000; i++) {
            refused += publisher.publish(event(i)) ? 0 : 1;
        }

        // Every call returned while the sink was still stuck: publish never waited for it.
        assertThat(insideSink).hasValue(1);
        assertThat(refused).isEqualTo(1_000);
        assertThat(publisher.dropped()).isEqualTo(1_000);
        unblock.countDown();
        publisher.close();
    }

    @Test
    void partialFailures_areRetriedOnceThenCountedAsDropped() {
        AtomicInteger calls = new AtomicInteger();
        List<ChatEvent> written = new CopyOnWriteArrayList<>();
        try (ChatEventPublisher publisher = new ChatEventPublisher(batch -> {
            calls.incrementAndGet();
            List<ChatEvent> failed = new ArrayList<>();
            for (ChatEvent e : batch) {
                if (e.eventId().equals("evt-1") || (e.eventId().equals("evt-2") && calls.get() == 1)) {
                    failed.add(e);
                } else {
                    written.add(e);
                }
            }
            return failed;
        }, 10, 10, Duration.ofMillis(100))) {
            publisher.publish(event(1));
            publisher.publish(event(2));
            publisher.publish(event(3));

            await().atMost(Duration.ofSeconds(5)).until(() -> publisher.published() + publisher.dropped() == 3);
            assertThat(written).extracting(ChatEvent::eventId).containsExactlyInAnyOrder("evt-2", "evt-3");
            assertThat(publisher.dropped()).isEqualTo(1);
        }
    }

    @Test
    void close_flushesWhatIsBuffered() {
        List<ChatEvent> written = new CopyOnWriteArrayList<>();
        ChatEventPublisher publisher = new ChatEventPublisher(batch -> {
            written.addAll(batch);
            return List.of();
        }, 100, 50, Duration.ofMillis(500));
        for (int i = 0; i < 20; i++) {
            publisher.publish(event(i));
        }

        publisher.close(Duration.ofSeconds(5));

        assertThat(written).hasSize(20);
        assertThat(publisher.publish(event(99))).as("closed publishers take nothing").isFalse();
    }
}
