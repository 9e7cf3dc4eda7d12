package com.mangaassist.pipeline.testing;

import com.mangaassist.pipeline.conversation.AppendOutcome;
import com.mangaassist.pipeline.conversation.ConversationMeta;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.NewTurn;
import com.mangaassist.pipeline.conversation.StoredTurn;
import com.mangaassist.shared.budget.ConversationTurn;
import com.mangaassist.shared.domain.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The conversation store's contract in memory, for unit tests of what sits on top of it: the
 * owner check, seq order, and one turn per message and role, each atomic (one lock) as DynamoDB's
 * transaction makes them. DynamoDbConversationStoreTest proves the real store keeps the same rules.
 */
public final class InMemoryConversationStore implements ConversationStore {

    private final Map<String, String> owners = new HashMap<>();
    private final Map<String, List<StoredTurn>> turns = new HashMap<>();
    private final Map<String, Long> markers = new HashMap<>();
    private final Clock clock;
    private int appends;

    public InMemoryConversationStore() {
        this(Clock.systemUTC());
    }

    public InMemoryConversationStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized ConversationMeta meta(String conversationId) {
        String owner = owners.get(conversationId);
        return owner == null ? ConversationMeta.ABSENT : new ConversationMeta(owner, turns.get(conversationId).size());
    }

    @Override
    public synchronized AppendOutcome append(String conversationId, String principal, NewTurn turn) {
        String owner = owners.get(conversationId);
        if (owner != null && !owner.equals(principal)) {
            return new AppendOutcome.Forbidden();
        }
        Long existing = markers.get(marker(conversationId, turn.messageId(), turn.role()));
        if (existing != null) {
            return new AppendOutcome.Duplicate(existing);
        }
        owners.putIfAbsent(conversationId, principal);
        List<StoredTurn> conversation = turns.computeIfAbsent(conversationId, id -> new ArrayList<>());
        long seq = conversation.size() + 1L;
        StoredTurn stored = new StoredTurn(new ConversationTurn(seq, turn.role(), turn.text(), turn.tokens(), turn.pinned(), turn.entities()),
                turn.messageId(), turn.route(), Instant.now(clock));
        conversation.add(stored);
        markers.put(marker(conversationId, turn.messageId(), turn.role()), seq);
        appends++;
        return new AppendOutcome.Appended(stored);
    }

    @Override
    public synchronized OptionalLong seqOf(String conversationId, String messageId, Role role) {
        Long seq = markers.get(marker(conversationId, messageId, role));
        return seq == null ? OptionalLong.empty() : OptionalLong.of(seq);
    }

    @Override
    public synchronized List<StoredTurn> turnsAfter(String conversationId, long afterSeq) {
        List<StoredTurn> conversation = turns.getOrDefault(conversationId, List.of());
        return List.copyOf(conversation.subList((int) Math.min(afterSeq, conversation.size()), conversation.size()));
    }

    @Override
    public synchronized List<StoredTurn> recent(String conversationId, int limit) {
        List<StoredTurn> conversation = turns.getOrDefault(conversationId, List.of());
        return List.copyOf(conversation.subList(Math.max(0, conversation.size() - limit), conversation.size()));
    }

    /** Turns written so far, across all conversations. */
    public synchronized int appends() {
        return appends;
    }

    private static String marker(String conversationId, String messageId, Role role) {
        return conversationId + "|" + messageId + "|" + role.wireName();
    }
}
