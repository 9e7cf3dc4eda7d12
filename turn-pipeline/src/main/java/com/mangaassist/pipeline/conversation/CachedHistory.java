package com.mangaassist.pipeline.conversation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The recent window of a conversation as of {@code version} (ADR 0019): its last messages within
 * {@link HistoryLimits}, oldest first. Immutable; a newer version is made by
 * {@link #with applying} the messages that changed.
 */
public record CachedHistory(String partitionKey, long version, List<StoredMessage> messages) {

    public CachedHistory {
        Objects.requireNonNull(partitionKey, "partitionKey");
        messages = List.copyOf(messages);
        for (int i = 1; i < messages.size(); i++) {
            if (messages.get(i).index() <= messages.get(i - 1).index()) {
                throw new IllegalArgumentException("a history holds each message once, in index order");
            }
        }
    }

    public static CachedHistory empty(String partitionKey) {
        return new CachedHistory(partitionKey, 0, List.of());
    }

    /**
     * Where a read must start to bring this window up to date: the oldest message still pending
     * (only it can have closed since), else the one after the last.
     */
    public long changedFrom() {
        for (StoredMessage message : messages) {
            if (!message.state().closed()) {
                return message.index();
            }
        }
        return messages.isEmpty() ? 1 : messages.get(messages.size() - 1).index() + 1;
    }

    /** This window at {@code newVersion}: {@code changed} replace or join its messages, then the oldest go until it fits. */
    public CachedHistory with(long newVersion, List<StoredMessage> changed, HistoryLimits limits) {
        TreeMap<Long, StoredMessage> byIndex = new TreeMap<>();
        messages.forEach(m -> byIndex.put(m.index(), m));
        changed.forEach(m -> byIndex.put(m.index(), m));
        List<StoredMessage> all = new ArrayList<>(byIndex.values());
        all.sort(Comparator.comparingLong(StoredMessage::index));
        int from = Math.max(0, all.size() - limits.maxMessages());
        long bytes = 0;
        for (int i = all.size() - 1; i >= from; i--) {
            bytes += all.get(i).weightBytes();
            if (bytes > limits.maxBytes() && i < all.size() - 1) {
                from = i + 1;
                break;
            }
        }
        return new CachedHistory(partitionKey, newVersion, all.subList(from, all.size()));
    }

    /** Roughly its size in memory (L1's weigher). */
    public int weightBytes() {
        long total = 128;
        for (StoredMessage message : messages) {
            total += message.weightBytes();
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    /** The lowest index this window holds (what an incremental L2 write keeps from). */
    public long firstIndex() {
        return messages.isEmpty() ? 1 : messages.get(0).index();
    }
}
