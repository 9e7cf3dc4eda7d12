package com.mangaassist.pipeline.turn;

import com.mangaassist.pipeline.conversation.MessageKey;
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

    void started(MessageKey key, AttemptKeeper keeper) {
        running.put(key, keeper);
    }

    void ended(MessageKey key, AttemptKeeper keeper) {
        running.remove(key, keeper);
    }

    /** Attempt {@code current} now holds {@code key}: an older attempt of it running here stops. */
    public void supersede(MessageKey key, int current) {
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
