package com.mangaassist.pipeline.conversation;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** A shared cache tier between the task-local L1 and DynamoDB (Redis in production). */
public interface HistoryTier {

    /** The cached window, or empty on a miss. Throws when the tier itself fails or is not connected. */
    Optional<CachedHistory> get(String partitionKey);

    /** Replaces the entry with {@code history}, unless the tier already holds that version or a newer one. */
    CompletionStage<Void> put(CachedHistory history);

    /**
     * Moves an entry at exactly {@code fromVersion} to {@code history.version()} by writing only
     * {@code changed} (and dropping messages below {@code history.firstIndex()}); an entry at any
     * other version is left alone for the next full {@link #put}.
     */
    CompletionStage<Void> advance(long fromVersion, CachedHistory history, List<StoredMessage> changed);
}
