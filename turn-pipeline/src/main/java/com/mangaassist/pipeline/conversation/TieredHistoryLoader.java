package com.mangaassist.pipeline.conversation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.mangaassist.shared.budget.ConversationTurn;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Loads a conversation's history through L1 (this process, Caffeine), L2 (Redis) and DynamoDB.
 *
 * <p>Every load names the version it needs: the turn count that the caller just read strongly
 * consistent from DynamoDB (or got back from its own append). A cached history is used only at
 * exactly that version; an older one is <em>extended</em> with the turns it lacks, read from
 * DynamoDB. So a turn written by another task or by the overflow Lambda is always in the next
 * prompt built here: a stale L1 can make a load cheaper, never wrong. L1 entries expire after a
 * jittered 15–25 s (so a task's entries do not all expire together); concurrent loads of the same
 * version share one flight. A failing L2 is skipped for {@code l2Backoff} so a dead Redis adds no
 * latency to every turn; turns never fail because of it.
 */
public final class TieredHistoryLoader {

    private final Cache<String, CachedHistory> l1;
    private final HistoryTier l2;
    private final ConversationStore store;
    private final Consumer<CacheEvent> events;
    private final Clock clock;
    private final Duration l2Backoff;
    private final ConcurrentHashMap<String, CompletableFuture<CachedHistory>> inFlight = new ConcurrentHashMap<>();
    private volatile long l2SkipUntilMillis;

    /**
     * @param l2     the shared tier, or {@code null} to go straight from L1 to DynamoDB (the Lambda
     *               path keeps no L1 but may keep L2; a local run may have neither)
     * @param events receives one event per tier decision (metrics)
     */
    public TieredHistoryLoader(long l1MaxEntries, Duration l1MinTtl, Duration l1MaxTtl, HistoryTier l2, ConversationStore store,
                               Consumer<CacheEvent> events, Clock clock, Duration l2Backoff, Ticker ticker) {
        this.l2 = l2;
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.l2Backoff = Objects.requireNonNull(l2Backoff, "l2Backoff");
        this.l1 = l1MaxEntries == 0 ? null : Caffeine.newBuilder().maximumSize(l1MaxEntries).ticker(ticker)
                .expireAfter(new JitteredExpiry(l1MinTtl, l1MaxTtl)).build();
    }

    /** The seeds' tiers: L1 of 10,000 conversations for 15–25 s, L2 skipped for 5 s after a failure. */
    public static TieredHistoryLoader withDefaults(HistoryTier l2, ConversationStore store, Consumer<CacheEvent> events) {
        return new TieredHistoryLoader(10_000, Duration.ofSeconds(15), Duration.ofSeconds(25), l2, store, events, Clock.systemUTC(),
                Duration.ofSeconds(5), Ticker.systemTicker());
    }

    /** The history holding at least turns 1..{@code version}. */
    public CachedHistory load(String conversationId, long version) {
        CachedHistory local = l1 == null ? null : l1.getIfPresent(conversationId);
        if (local != null && local.version() >= version) {
            events.accept(CacheEvent.L1_HIT);
            return local;
        }
        events.accept(CacheEvent.L1_MISS);
        String flightKey = conversationId + "@" + version;
        CompletableFuture<CachedHistory> mine = new CompletableFuture<>();
        CompletableFuture<CachedHistory> flight = inFlight.putIfAbsent(flightKey, mine);
        if (flight != null) {
            return flight.join();
        }
        try {
            CachedHistory loaded = loadBelowL1(conversationId, version, local);
            remember(loaded);
            mine.complete(loaded);
            return loaded;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(flightKey, mine);
        }
    }

    private CachedHistory loadBelowL1(String conversationId, long version, CachedHistory local) {
        CachedHistory base = local == null ? CachedHistory.empty(conversationId) : local;
        Optional<CachedHistory> shared = l2Get(conversationId);
        if (shared.isPresent() && shared.get().version() >= version) {
            events.accept(CacheEvent.L2_HIT);
            return shared.get();
        }
        events.accept(CacheEvent.L2_MISS);
        if (shared.isPresent() && shared.get().version() > base.version()) {
            base = shared.get();
        }
        events.accept(CacheEvent.DB_READ);
        CachedHistory loaded = base.extend(store.turnsAfter(conversationId, base.version()));
        if (loaded.version() < version) {
            throw new IllegalStateException("DynamoDB returned version " + loaded.version() + " of " + conversationId + ", expected " + version);
        }
        l2Put(loaded);
        return loaded;
    }

    /**
     * After this process stored a turn: when L1 holds exactly the version before it, the tiers move
     * forward without a read. Otherwise (another writer got in between, or nothing is cached) the
     * next load reads what is missing, so nothing here can make a history wrong.
     */
    public void appended(String conversationId, StoredTurn turn) {
        CachedHistory before = l1 == null ? null : l1.getIfPresent(conversationId);
        if (before == null && turn.seq() == ConversationTurn.FIRST_SEQ) {
            before = CachedHistory.empty(conversationId);
        }
        if (before != null && turn.seq() == before.version() + 1) {
            CachedHistory after = before.extend(java.util.List.of(turn));
            remember(after);
            l2Put(after);
        }
    }

    private void remember(CachedHistory history) {
        if (l1 != null) {
            l1.asMap().merge(history.conversationId(), history, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
        }
    }

    private Optional<CachedHistory> l2Get(String conversationId) {
        if (l2 == null || clock.millis() < l2SkipUntilMillis) {
            return Optional.empty();
        }
        try {
            return l2.get(conversationId);
        } catch (RuntimeException e) {
            l2Failed();
            return Optional.empty();
        }
    }

    private void l2Put(CachedHistory history) {
        if (l2 == null || clock.millis() < l2SkipUntilMillis) {
            return;
        }
        try {
            l2.put(history);
        } catch (RuntimeException e) {
            l2Failed();
        }
    }

    private void l2Failed() {
        events.accept(CacheEvent.L2_ERROR);
        l2SkipUntilMillis = clock.millis() + l2Backoff.toMillis();
    }

    /** Each entry lives a random 15–25 s (configurable), so one task's entries never expire in a herd. */
    private static final class JitteredExpiry implements Expiry<String, CachedHistory> {
        private final long minNanos;
        private final long maxNanos;

        JitteredExpiry(Duration min, Duration max) {
            this.minNanos = min.toNanos();
            this.maxNanos = max.toNanos();
        }

        @Override
        public long expireAfterCreate(String key, CachedHistory value, long currentTime) {
            return ThreadLocalRandom.current().nextLong(minNanos, maxNanos + 1);
        }

        @Override
        public long expireAfterUpdate(String key, CachedHistory value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(String key, CachedHistory value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
