package com.mangaassist.pipeline.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.localaws.EmbeddedDynamoDb;
import com.mangaassist.localaws.EmbeddedRedis;
import io.lettuce.core.RedisURI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
    private static RedisHistoryTier l2;

    private final List<CacheEvent> eventsA = new CopyOnWriteArrayList<>();
    private final List<CacheEvent> eventsB = new CopyOnWriteArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private String id;

    @BeforeAll
    static void start() {
        dynamo = EmbeddedDynamoDb.start();
        ConversationTableSchema.createIfMissing(dynamo.client(), "conversations");
        store = new DynamoDbConversationStore(dynamo.client(), "conversations", Clock.systemUTC(), Duration.ofDays(1));
        redis = EmbeddedRedis.start();
        l2 = new RedisHistoryTier(RedisURI.create(redis.uri()), Duration.ofMillis(200), Duration.ofMinutes(5), Duration.ofMinutes(10));
    }

    @AfterAll
    static void stop() {
        l2.close();
        redis.close();
        dynamo.close();
    }

    @BeforeEach
    void newConversation() {
        if (!isRedisUp()) {
            redis.restart();
        }
        id = "conv-" + UUID.randomUUID();
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
        return new TieredHistoryLoader(100, Duration.ofSeconds(15), Duration.ofSeconds(25), tier, store, events::add,
                Clock.systemUTC(), Duration.ofSeconds(5), ticker);
    }

    private long append(String text, Role role) {
        NewTurn turn = new NewTurn(role, text, 10, false, List.of(), "m-" + UUID.randomUUID(), role == Role.ASSISTANT ? Route.OVERFLOW : null);
        return ((AppendOutcome.Appended) store.append(id, "user-a", turn)).seq();
    }

    @Test
    void load_atTheSameVersionAgain_isAnL1Hit() {
        TieredHistoryLoader a = loader(l2, eventsA);
        long version = append("hello", Role.USER);

        a.load(id, version);
        a.load(id, version);

        assertThat(eventsA).containsExactly(CacheEvent.L1_MISS, CacheEvent.L2_MISS, CacheEvent.DB_READ, CacheEvent.L1_HIT);
    }

    @Test
    void load_onAnotherTask_missesL1ButHitsSharedL2() {
        long version = append("hello", Role.USER);
        loader(l2, eventsA).load(id, version);

        CachedHistory history = loader(l2, eventsB).load(id, version);

        assertThat(eventsB).containsExactly(CacheEvent.L1_MISS, CacheEvent.L2_HIT);
        assertThat(history.turns()).extracting(t -> t.turn().text()).containsExactly("hello");
    }

    @Test
    void load_afterTheOtherPathWroteTurns_includesThemDespiteAFreshL1() {
        TieredHistoryLoader task = loader(l2, eventsA);
        append("first question", Role.USER);
        long before = append("first answer", Role.ASSISTANT);
        task.load(id, before);
        // The overflow Lambda answers the next message directly in DynamoDB; this task's L1 entry
        // (version 2) is seconds old and far from expiring.
        append("second question", Role.USER);
        append("answer from the overflow path", Role.ASSISTANT);
        long now = store.meta(id).turnCount();

        CachedHistory history = task.load(id, now);

        assertThat(history.version()).isEqualTo(4);
        assertThat(history.turns()).extracting(t -> t.turn().text()).containsExactly(
                "first question", "first answer", "second question", "answer from the overflow path");
        assertThat(eventsA.subList(3, eventsA.size())).containsExactly(CacheEvent.L1_MISS, CacheEvent.L2_MISS, CacheEvent.DB_READ);
    }

    @Test
    void load_whenRedisStopsMidTest_degradesToDynamoDbAndSkipsRedisForTheBackoff() {
        TieredHistoryLoader task = loader(l2, eventsA);
        long v1 = append("one", Role.USER);
        task.load(id, v1);
        redis.stop();
        long v2 = append("two", Role.ASSISTANT);
        CachedHistory atV2 = task.load(id, v2);
        long v3 = append("three", Role.USER);
        CachedHistory atV3 = task.load(id, v3);

        assertThat(atV2.version()).isEqualTo(2);
        assertThat(atV3.turns()).extracting(t -> t.turn().text()).containsExactly("one", "two", "three");
        assertThat(eventsA.stream().filter(e -> e == CacheEvent.L2_ERROR).count()).as("one failure, then Redis is skipped").isEqualTo(1);
    }

    @Test
    void load_concurrentlyAtOneVersion_sharesOneFlight() throws Exception {
        long version = append("hello", Role.USER);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger l2Gets = new AtomicInteger();
        HistoryTier slow = new HistoryTier() {
            @Override
            public Optional<CachedHistory> get(String conversationId) {
                l2Gets.incrementAndGet();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.empty();
            }

            @Override
            public void put(CachedHistory history) {
            }
        };
        TieredHistoryLoader task = loader(slow, eventsA);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<CachedHistory>> loads = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            loads.add(pool.submit(() -> task.load(id, version)));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> eventsA.stream().filter(e -> e == CacheEvent.L1_MISS).count() == 6);
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
        long version = append("hello", Role.USER);
        task.load(id, version);

        nanos.addAndGet(Duration.ofSeconds(14).toNanos());
        task.load(id, version);
        nanos.addAndGet(Duration.ofSeconds(12).toNanos());
        task.load(id, version);

        assertThat(eventsA).containsExactly(CacheEvent.L1_MISS, CacheEvent.L2_MISS, CacheEvent.DB_READ, CacheEvent.L1_HIT,
                CacheEvent.L1_MISS, CacheEvent.L2_MISS, CacheEvent.DB_READ);
    }

    @Test
    void appended_movesTheTiersForwardWithoutARead() {
        TieredHistoryLoader task = loader(l2, eventsA);
        long v1 = append("question", Role.USER);
        task.load(id, v1);
        long v2 = append("answer", Role.ASSISTANT);
        StoredTurn answer = store.turnsAfter(id, v1).get(0);

        task.appended(id, answer);
        eventsA.clear();
        CachedHistory after = task.load(id, v2);

        assertThat(eventsA).containsExactly(CacheEvent.L1_HIT);
        assertThat(after.turns()).extracting(t -> t.turn().text()).containsExactly("question", "answer");
        assertThat(loader(l2, eventsB).load(id, v2).version()).isEqualTo(2);
        assertThat(eventsB).containsExactly(CacheEvent.L1_MISS, CacheEvent.L2_HIT);
    }
}
