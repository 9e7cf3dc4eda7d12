package com.mangaassist.pipeline.conversation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Loads a conversation's recent window ({@link HistoryLimits}) through L1 (this process,
 * Caffeine), L2 (Redis) and DynamoDB.
 *
 * <p>Every load names the version it needs: the conversation's version the caller just wrote or
 * read strongly consistent. A cached window is used only at that version or later; an older one
 * is brought up to date with the messages that can have changed since (from its oldest pending
 * message on), read from DynamoDB. So a message accepted or answered by another task or by the
 * overflow Lambda is always in the next prompt built here: a stale cache can make a load cheaper,
 * never wrong. L1 is bounded by weight (the texts it holds), not by entry count, and its entries
 * expire after a jittered {@link #L1_MIN_TTL}–{@link #L1_MAX_TTL}, refreshed by every write this
 * process makes; concurrent loads of the same version share one flight. A
 * failing L2 costs at most one timeout per call and is skipped for {@code l2Backoff} only after
 * {@value #L2_FAILURES_BEFORE_BACKOFF} failures in a row, so one slow value does not turn it off
 * for the task; turns never fail because of it.
 */
public final class TieredHistoryLoader {

    static final int L2_FAILURES_BEFORE_BACKOFF = 3;
    /**
     * How long an L1 entry lives after its last write: long enough to span a user's think time
     * between turns (so the next turn's load is a local hit, not a Redis or DynamoDB read), which
     * is safe because a load names the version it needs (ADR 0008: TTLs only bound memory; the
     * weight bound does that too). The seeds' 15–25 s expired between most turns (ADR 0024).
     */
    /** Conversation text a task keeps in L1 by default: a small fraction of its heap, weighed by what it holds. */
    public static final long L1_DEFAULT_MAX_BYTES = 64L << 20;
    public static final Duration L1_MIN_TTL = Duration.ofSeconds(60);
    public static final Duration L1_MAX_TTL = Duration.ofSeconds(90);

    private final Cache<String, CachedHistory> l1;
    private final HistoryTier l2;
    private final ConversationStore store;
    private final HistoryLimits limits;
    private final Consumer<CacheEvent> events;
    private final Clock clock;
    private final Duration l2Backoff;
    private final ConcurrentHashMap<String, CompletableFuture<CachedHistory>> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger l2FailuresInARow = new AtomicInteger();
    private volatile long l2SkipUntilMillis;

    /**
     * @param l1MaxBytes what L1 may hold, by {@link CachedHistory#weightBytes()} (0: no L1; a Lambda's
     *                   memory does not outlive its burst)
     * @param l2         the shared tier, or {@code null} to go straight from L1 to DynamoDB
     * @param events     receives one event per tier decision (metrics)
     */
    public TieredHistoryLoader(long l1MaxBytes, Duration l1MinTtl, Duration l1MaxTtl, HistoryTier l2, ConversationStore store,
                               HistoryLimits limits, Consumer<CacheEvent> events, Clock clock, Duration l2Backoff, Ticker ticker) {
        this.l2 = l2;
        this.store = Objects.requireNonNull(store, "store");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.l2Backoff = Objects.requireNonNull(l2Backoff, "l2Backoff");
        this.l1 = l1MaxBytes == 0 ? null : Caffeine.newBuilder().maximumWeight(l1MaxBytes)
                .weigher((String key, CachedHistory history) -> history.weightBytes()).ticker(ticker)
                // Evictions run on the caller's thread: the bound holds the moment an entry is put, not after a pool got to it.
                .executor(Runnable::run)
                .expireAfter(new JitteredExpiry(l1MinTtl, l1MaxTtl)).build();
    }

    /** 64 MB of L1 for 60–90 s, L2 skipped for 5 s after failures in a row. */
    public static TieredHistoryLoader withDefaults(HistoryTier l2, ConversationStore store, Consumer<CacheEvent> events) {
        return new TieredHistoryLoader(L1_DEFAULT_MAX_BYTES, L1_MIN_TTL, L1_MAX_TTL, l2, store, HistoryLimits.defaults(), events,
                Clock.systemUTC(), Duration.ofSeconds(5), Ticker.systemTicker());
    }

    /** The window at {@code version} or later. */
    public CachedHistory load(ConversationRef conversation, long version) {
        String key = conversation.partitionKey();
        CachedHistory local = l1 == null ? null : l1.getIfPresent(key);
        if (local != null && local.version() >= version) {
            events.accept(CacheEvent.L1_HIT);
            return local;
        }
        events.accept(CacheEvent.L1_MISS);
        String flightKey = key + "@" + version;
        CompletableFuture<CachedHistory> mine = new CompletableFuture<>();
        CompletableFuture<CachedHistory> flight = inFlight.putIfAbsent(flightKey, mine);
        if (flight != null) {
            return flight.join();
        }
        try {
            CachedHistory loaded = loadBelowL1(conversation, version, local);
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

    private CachedHistory loadBelowL1(ConversationRef conversation, long version, CachedHistory local) {
        Optional<CachedHistory> shared = l2Get(conversation.partitionKey());
        if (shared.isPresent() && shared.get().version() >= version) {
            events.accept(CacheEvent.L2_HIT);
            return shared.get();
        }
        events.accept(CacheEvent.L2_MISS);
        CachedHistory base = local;
        if (shared.isPresent() && (base == null || shared.get().version() > base.version())) {
            base = shared.get();
        }
        events.accept(CacheEvent.DB_READ);
        CachedHistory loaded;
        if (base == null || base.messages().isEmpty()) {
            loaded = CachedHistory.empty(conversation.partitionKey()).with(version, store.recent(conversation, limits.maxMessages()), limits);
        } else {
            loaded = base.with(version, store.messagesFrom(conversation, base.changedFrom()), limits);
        }
        l2Put(loaded);
        return loaded;
    }

    /**
     * After this process accepted or closed {@code message}, moving the conversation to
     * {@code version}: when L1 holds exactly the version before, the tiers move forward without a
     * read (L2 by writing only that message). Otherwise another writer got in between, or nothing
     * is cached, and the next load reads what is missing: nothing here can make a window wrong.
     */
    public void changed(ConversationRef conversation, long version, StoredMessage message) {
        String key = conversation.partitionKey();
        CachedHistory before = l1 == null ? null : l1.getIfPresent(key);
        if (before == null && version == 1) {
            before = CachedHistory.empty(key);
        }
        if (before != null && version == before.version() + 1) {
            CachedHistory after = before.with(version, List.of(message), limits);
            remember(after);
            l2Advance(before.version(), after, message);
        }
    }

    private void remember(CachedHistory history) {
        if (l1 != null) {
            l1.asMap().merge(history.partitionKey(), history, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
        }
    }

    private Optional<CachedHistory> l2Get(String partitionKey) {
        if (l2 == null || clock.millis() < l2SkipUntilMillis) {
            return Optional.empty();
        }
        try {
            Optional<CachedHistory> hit = l2.get(partitionKey);
            l2FailuresInARow.set(0);
            return hit;
        } catch (RuntimeException e) {
            l2Failed();
            return Optional.empty();
        }
    }

    private void l2Put(CachedHistory history) {
        if (l2 != null && clock.millis() >= l2SkipUntilMillis) {
            watch(() -> l2.put(history));
        }
    }

    private void l2Advance(long fromVersion, CachedHistory after, StoredMessage message) {
        if (l2 != null && clock.millis() >= l2SkipUntilMillis) {
            watch(() -> l2.advance(fromVersion, after, List.of(message)));
        }
    }

    /** Writes run asynchronously; their failures count like a failed read. */
    private void watch(java.util.function.Supplier<java.util.concurrent.CompletionStage<Void>> write) {
        try {
            write.get().whenComplete((ok, failure) -> {
                if (failure != null) {
                    l2Failed();
                } else {
                    l2FailuresInARow.set(0);
                }
            });
        } catch (RuntimeException e) {
            l2Failed();
        }
    }

    private void l2Failed() {
        events.accept(CacheEvent.L2_ERROR);
        if (l2FailuresInARow.incrementAndGet() >= L2_FAILURES_BEFORE_BACKOFF) {
            l2FailuresInARow.set(0);
            l2SkipUntilMillis = clock.millis() + l2Backoff.toMillis();
        }
    }

    /** Each entry lives a random time between the bounds (60–90 s by default), so one task's entries never expire in a herd. */
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
