package com.mangaassist.pipeline.turn;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mangaassist.pipeline.conversation.MessageKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attempts this process is running, by message, so a takeover decided here stops the attempt
 * it replaced at once instead of at that attempt's next lease renewal (ADR 0033). Only a hint that
 * saves GPU work: the store's claim decides who holds a message, and an attempt that runs in
 * another process learns the same from its renewal.
 */
public final class RunningAttempts {

    private final Map<MessageKey, AttemptKeeper> running = new ConcurrentHashMap<>();
    /**
     * The newest attempt a takeover here announced for each message, kept a while: an older attempt that registers only
     * after the takeover (it was still loading history or grounding) learns it is replaced as it starts, not at its first
     * renewal. Bounded by time, since the newer attempt may run in another process and never end here.
     */
    private final Cache<MessageKey, Integer> announced = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(5)).maximumSize(100_000).build();

    void started(MessageKey key, AttemptKeeper keeper) {
        Integer newest = announced.getIfPresent(key);
        if (newest != null && newest > keeper.attempt()) {
            keeper.superseded();
            return;
        }
        // Two attempts of one message here: the newer one stays registered, the older one stops.
        running.merge(key, keeper, (existing, incoming) -> {
            AttemptKeeper older = existing.attempt() < incoming.attempt() ? existing : incoming;
            older.superseded();
            return older == existing ? incoming : existing;
        });
    }

    void ended(MessageKey key, AttemptKeeper keeper) {
        running.remove(key, keeper);
    }

    /** Attempt {@code current} now holds {@code key}: an older attempt of it running here, or registering later, stops. */
    public void supersede(MessageKey key, int current) {
        announced.asMap().merge(key, current, Math::max);
        AttemptKeeper keeper = running.get(key);
        if (keeper != null && keeper.attempt() < current) {
            keeper.superseded();
        }
    }

    /** How many attempts run here now. */
    public int size() {
        return running.size();
    }
}
