package com.mangaassist.pipeline.conversation;

import com.mangaassist.shared.domain.Role;
import java.util.List;
import java.util.OptionalLong;

/**
 * The source of truth for conversations, shared by both compute paths ({@link DynamoDbConversationStore}
 * in production). Reads are strongly consistent: every cached history is checked against them.
 */
public interface ConversationStore {

    /** The owner and turn count; {@link ConversationMeta#ABSENT} for a conversation nobody created. */
    ConversationMeta meta(String conversationId);

    /**
     * Appends a turn at the next seq, atomically with the ownership check and the message marker:
     * turn order holds across writers, a message never gets two turns of one role, and a principal
     * never writes another principal's conversation.
     */
    AppendOutcome append(String conversationId, String principal, NewTurn turn);

    /** The seq of this message's turn of this role, if one is stored. */
    OptionalLong seqOf(String conversationId, String messageId, Role role);

    /** Turns with seq greater than {@code afterSeq}, oldest first (0 for all). */
    List<StoredTurn> turnsAfter(String conversationId, long afterSeq);

    /** The last {@code limit} turns, oldest first. */
    List<StoredTurn> recent(String conversationId, int limit);
}
