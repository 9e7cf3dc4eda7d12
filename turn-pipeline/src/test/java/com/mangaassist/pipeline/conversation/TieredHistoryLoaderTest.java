package com.mangaassist.pipeline.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import com.mangaassist.localaws.EmbeddedDynamoDb;
import com.mangaassist.localaws.EmbeddedRedis;
import com.mangaassist.localaws.process.LoopbackPorts;
import com.mangaassist.pipeline.redis.RedisLink;
import com.mangaassist.shared.domain.Route;
import io.lettuce.core.RedisURI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TieredHistoryLoaderTest {

    private static EmbeddedDynamoDb dynamo;
    private static EmbeddedRedis redis;
    private static DynamoDbConversationStore store;
    private static RedisLink link;
    private static RedisHistoryTier l2;

    private final List<CacheEvent> eventsA = new CopyOnWriteArrayList<>();
    private final List<CacheEvent> eventsB = new CopyOnWriteArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private ConversationRef conversation;

    @BeforeAll
    static void start() {
        dynamo = EmbeddedDynamoDb.start();
        ConversationTableSchema.createIfMissing(dynamo.client(), "conversations");
        store = new DynamoDbConversationStore(dynamo.client(), "conversations", Clock.systemUTC(), Duration.ofDays(1));
        redis = EmbeddedRedis.start();
        link = new RedisLink(RedisURI.create(redis.uri()), Duration.ofMillis(200));
        l2 = RedisHistoryTier.withDefaults(link);
        await().atMost(Duration.ofSeconds(20)).until(l2::connected);
    }

    @AfterAll
    static void stop() {
        link.close();
        redis.close();
        dynamo.close();
    }

    @BeforeEach
    void newConversation() {
        if (!isRedisUp()) {
            redis.restart();
            await().atMost(Duration.ofSeconds(20)).until(TieredHistoryLoaderTest::isRedisUp);
        }
        conversation = new ConversationRef("user-a", "conv-" + UUID.randomUUID());
    }

    private static boolean isRedisUp() {
        try {
            l2.get("probe");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private TieredHistoryLoader loader(HistoryTier tier, List<CacheEvent> events) {
        return loader(tier, events, HistoryLimits.defaults());
    }

    private TieredHistoryLoader loader(HistoryTier tier, List<CacheEvent> events, HistoryLimits limits) {
        return new TieredHistoryLoader(1 << 20, Duration.ofSeconds(15), Duration.ofSeconds(25), tier, store, limits, events::add,
                Clock.systemUTC(), Duration.ofSeconds(5), ticker);
    }

    /** A message accepted and answered; the conversation's version after the answer. */
    private long exchange(String question, String answer) {
        Acceptance.Accepted accepted = (Acceptance.Accepted) store.accept(conversation,
                new NewQuestion("m-" + UUID.randomUUID(), question, 10, List.of(), null, "conn", "req"), Lease.running(Instant.now().plusSeconds(70)));
        return ((Closing.Closed) store.answer(accepted.message().key(), 1, new NewAnswer(answer, 10, List.of(), Route.OVERFLOW))).version();
    }

    private static List<String> texts(CachedHistory history) {
        List<String> texts = new ArrayList<>();
        history.messages().forEach(m -> {
            texts.add(m.question().text());
            if (m.answer() != null) {
                texts.add(m.answer().text());
            }
        });
        return texts;
    }

    @Test
    void load_atTheSameVersionAgain_isAnL1Hit() {
        TieredHistoryLoader a = loader(l2, eventsA);
        long version = exchange("hello", "hi");

        a.load(conversation, version);
        a.load(conversation, version);

        assertThat(eventsA).containsExactly(CacheEvent.L1_MISS, CacheEvent.L2_MISS, CacheEvent.DB_READ, CacheEvent.L1_HIT);
    }

    @Test
    void load_onAnotherTask_missesL1ButHitsSharedL2() {
        long version = exchange("hello", "hi");
        loader(l2, eventsA).load(conversation, version);
        // L2 writes are asynchronous: the other task hits once the write landed.
        await().atMost(Duration.ofSeconds(5)).until(() -> l2.get(conversation.partitionKey()).isPresent());

        CachedHistory history = loader(l2, eventsB).load(conversation, version);

        assertThat(eventsB).containsExactly(CacheEvent.L1_MISS, CacheEvent.L2_HIT);
        assertThat(texts(history)).containsExactly("hello", "hi");
    }

    @Test
    void load_afterTheOtherPathAnswered_includesItDespiteAFreshL1() {
        TieredHistoryLoader task = loader(l2, eventsA);
        long before = exchange("first question", "first answer");
        task.load(conversation, before);
        // The overflow Lambda answers the next message directly in DynamoDB; this task's L1 entry is seconds old.
        long now = exchange("second question", "answer from the overflow path");

        CachedHistory history = task.load(conversation, now);

        assertThat(history.version()).isEqualTo(now);
        assertThat(texts(history)).containsExactly("first question", "first answer", "second question", "answer from the overflow path");
        assertThat(eventsA.subList(3, eventsA.size())).containsExactly(CacheEvent.L1_MISS, CacheEvent.L2_MISS, CacheEvent.DB_READ);
    }

    @Test
    void load_whenAPendingMessageClosesElsewhere_readsFromItOn() {
        TieredHistoryLoader task = loader(null, eventsA);
        Acceptance.Accepted pending = (Acceptance.Accepted) store.accept(conversation,
                new NewQuestion("m-1", "still running", 10, List.of(), null, "conn", "req"), Lease.running(Instant.now().plusSeconds(70)));
        task.load(conversation, pending.version());

        long answered = ((Closing.Closed) store.answer(pending.message().key(), 1, new NewAnswer("late answer", 5, List.of(), Route.BASELINE)))
                .version();
        CachedHistory history = task.load(conversation, answered);

        assertThat(history.messages()).singleElement().satisfies(m -> assertThat(m.answer().text()).isEqualTo("late answer"));
    }

    @Test
    void load_overALongConversation_holdsOnlyTheWindow() {
        long version = 0;
        for (int i = 1; i <= 12; i++) {
            version = exchange("q" + i, "a" + i);
        }

        CachedHistory history = loader(null, eventsA, new HistoryLimits(5, 1 << 20)).load(conversation, version);

        assertThat(history.messages()).extracting(StoredMessage::index).containsExactly(8L, 9L, 10L, 11L, 12L);
    }

    @Test
    void load_whenRedisStopsMidTest_degradesToDynamoDbAndSkipsRedisAfterFailuresInARow() {
        TieredHistoryLoader task = loader(l2, eventsA);
        task.load(conversation, exchange("one", "1"));
        redis.stop();
        for (int i = 0; i < TieredHistoryLoader.L2_FAILURES_BEFORE_BACKOFF + 2; i++) {
            CachedHistory loaded = task.load(conversation, exchange("q" + i, "a" + i));
            assertThat(loaded.messages()).hasSize(i + 2);
        }

        long failures = eventsA.stream().filter(e -> e == CacheEvent.L2_ERROR).count();
        assertThat(failures).as("failures until the backoff, then Redis is skipped")
                .isBetween((long) TieredHistoryLoader.L2_FAILURES_BEFORE_BACKOFF, (long) TieredHistoryLoader.L2_FAILURES_BEFORE_BACKOFF * 2);
    }

    @Test
    void redisTier_whenRedisIsDownAtStart_servesFromDynamoDbAndConnectsOnceRedisComesUp() throws Exception {
        int port = LoopbackPorts.free();
        RedisLink lateLink = new RedisLink(RedisURI.create("redis://127.0.0.1:" + port), Duration.ofMillis(200));
        RedisHistoryTier late = RedisHistoryTier.withDefaults(lateLink);
        try {
            TieredHistoryLoader task = loader(late, eventsA);
            assertThat(texts(task.load(conversation, exchange("hello", "hi")))).containsExactly("hello", "hi");
            assertThat(late.connected()).isFalse();

            try (EmbeddedRedis second = EmbeddedRedis.startOn(port)) {
                await().atMost(Duration.ofSeconds(40)).until(late::connected);
                late.put(task.load(conversation, exchange("again", "ok"))).toCompletableFuture().get(5, TimeUnit.SECONDS);
                assertThat(late.get(conversation.partitionKey())).isPresent();
            }
        } finally {
            lateLink.close();
        }
    }

    @Test
    void redisTier_advance_writesOnlyTheChangedMessageOnTopOfExactlyThePreviousVersion() throws Exception {
        long v1 = exchange("q1", "a1");
        CachedHistory atV1 = loader(null, eventsA).load(conversation, v1);
        l2.put(atV1).toCompletableFuture().get(5, TimeUnit.SECONDS);
        StoredMessage second = ((Acceptance.Accepted) store.accept(conversation,
                new NewQuestion("m-2", "q2", 10, List.of(), null, "conn", "req"), Lease.running(Instant.now().plusSeconds(70)))).message();
        CachedHistory atV3 = atV1.with(v1 + 1, List.of(second), HistoryLimits.defaults());

        l2.advance(v1, atV3, List.of(second)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        l2.advance(v1, atV3.with(v1 + 5, List.of(), HistoryLimits.defaults()), List.of()).toCompletableFuture().get(5, TimeUnit.SECONDS);

        CachedHistory shared = l2.get(conversation.partitionKey()).orElseThrow();
        assertThat(shared.version()).as("the stale advance found another version and wrote nothing").isEqualTo(v1 + 1);
        assertThat(shared.messages()).extracting(StoredMessage::messageId).hasSize(2).endsWith("m-2");
    }

    @Test
    void load_concurrentlyAtOneVersion_sharesOneFlight() throws Exception {
        long version = exchange("hello", "hi");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger l2Gets = new AtomicInteger();
        HistoryTier slow = new HistoryTier() {
            @Override
            public Optional<CachedHistory> get(String partitionKey) {
                l2Gets.incrementAndGet();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.empty();
            }

            @Override
            public CompletionStage<Void> put(CachedHistory history) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<Void> advance(long fromVersion, CachedHistory history, List<StoredMessage> changed) {
                return CompletableFuture.completedFuture(null);
            }
        };
        TieredHistoryLoader task = loader(slow, eventsA);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<CachedHistory>> loads = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            loads.add(pool.submit(() -> task.load(conversation, version)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> eventsA.stream().filter(e -> e == CacheEvent.L1_MISS).count() == 6);
        release.countDown();
        for (Future<CachedHistory> load : loads) {
            assertThat(load.get(10, TimeUnit.SECONDS).version()).isEqualTo(version);
        }
        pool.shutdown();

        assertThat(l2Gets).hasValue(1);
        assertThat(eventsA.stream().filter(e -> e == CacheEvent.DB_READ).count()).isEqualTo(1);
    }

    @Test
    void l1Entries_expireBetween15And25Seconds() {
        TieredHistoryLoader task = loader(null, eventsA);
        long version = exchange("hello", "hi");
        task.load(conversation, version);

        nanos.addAndGet(Duration.ofSeconds(14).toNanos());
        task.load(conversation, version);
        nanos.addAndGet(Duration.ofSeconds(12).toNanos());
        task.load(conversation, version);

        assertThat(eventsA).containsExactly(CacheEvent.L1_MISS, CacheEvent.L2_MISS, CacheEvent.DB_READ, CacheEvent.L1_HIT,
                CacheEvent.L1_MISS, CacheEvent.L2_MISS, CacheEvent.DB_READ);
    }

    @Test
    void l1_isBoundedByWhatItHolds_notByHowManyConversations() {
        TieredHistoryLoader small = new TieredHistoryLoader(4_000, Duration.ofSeconds(15), Duration.ofSeconds(25), null, store,
                HistoryLimits.defaults(), eventsA::add, Clock.systemUTC(), Duration.ofSeconds(5), ticker);
        long version = exchange("q", "a long answer ".repeat(500));

        small.load(conversation, version);
        eventsA.clear();
        small.load(conversation, version);

        assertThat(eventsA).as("one entry heavier than all of L1 is not kept").startsWith(CacheEvent.L1_MISS);
    }

    @Test
    void changed_movesTheTiersForwardWithoutARead() {
        TieredHistoryLoader task = loader(l2, eventsA);
        long v1 = exchange("question", "answer");
        task.load(conversation, v1);
        Acceptance.Accepted next = (Acceptance.Accepted) store.accept(conversation,
                new NewQuestion("m-next", "next question", 10, List.of(), null, "conn", "req"), Lease.running(Instant.now().plusSeconds(70)));

        task.changed(conversation, next.version(), next.message());
        eventsA.clear();
        CachedHistory after = task.load(conversation, next.version());

        assertThat(eventsA).containsExactly(CacheEvent.L1_HIT);
        assertThat(texts(after)).containsExactly("question", "answer", "next question");
        await().atMost(Duration.ofSeconds(5)).until(() -> l2.get(conversation.partitionKey()).map(CachedHistory::version).orElse(0L)
                == next.version());
    }
}
