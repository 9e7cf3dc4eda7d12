package com.mangaassist.pipeline.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A conversation's turns as of {@code version} (its turn count when read). Immutable; a newer
 * version is made by {@link #extend}ing an older one with the turns it lacks.
 */
public record CachedHistory(String conversationId, long version, List<StoredTurn> turns) {

    public CachedHistory {
        Objects.requireNonNull(conversationId, "conversationId");
        turns = List.copyOf(turns);
        if (turns.size() != version || (!turns.isEmpty() && turns.get(turns.size() - 1).seq() != version)) {
            throw new IllegalArgumentException("a history of version " + version + " holds turns 1.." + version);
        }
    }

    public static CachedHistory empty(String conversationId) {
        return new CachedHistory(conversationId, 0, List.of());
    }

    /** This history plus the turns after it, which must continue it without a gap. */
    public CachedHistory extend(List<StoredTurn> newer) {
        if (newer.isEmpty()) {
            return this;
        }
        List<StoredTurn> all = new ArrayList<>(turns.size() + newer.size());
        all.addAll(turns);
        long expected = version + 1;
        for (StoredTurn turn : newer) {
            if (turn.seq() != expected++) {
                throw new IllegalArgumentException("turn " + turn.seq() + " does not continue version " + (expected - 2));
            }
            all.add(turn);
        }
        return new CachedHistory(conversationId, expected - 1, all);
    }
}
