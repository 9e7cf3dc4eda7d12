package com.mangaassist.pipeline.conversation;

import java.util.Optional;

/** A shared cache tier between the task-local L1 and DynamoDB (Redis in production). */
public interface HistoryTier {

    /** The cached history, or empty on a miss. Throws when the tier itself fails. */
    Optional<CachedHistory> get(String conversationId);

    void put(CachedHistory history);
}
