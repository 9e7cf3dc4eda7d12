package com.mangaassist.pipeline.conversation;

import com.mangaassist.shared.wire.ErrorCode;
import java.time.Instant;
import java.util.List;

/**
 * The source of truth for conversations, shared by every process that runs turns
 * ({@link DynamoDbConversationStore} in production). Every write is conditional, so the guarantees
 * hold across Fargate tasks, Lambdas and recoveries racing on one message: a message id is
 * accepted once; attempts of a message are numbered by the store and only the current one may
 * close it (a superseded attempt can neither answer nor fail it); a message closes once. Reads
 * are strongly consistent and skip what retention removed.
 */
public interface ConversationStore {

    ConversationMeta meta(ConversationRef conversation);

    /**
     * Stores {@code question} as the conversation's next message, with attempt 1 claimed under
     * {@code lease}; or, when the message id was accepted before, returns that message untouched.
     */
    Acceptance accept(ConversationRef conversation, NewQuestion question, Lease lease);

    /**
     * Takes the next attempt of a pending message when {@code rule} allows, answering at
     * {@code connectionId} ({@code null}: where the message answers now).
     */
    Claim claim(MessageKey message, ClaimRule rule, Lease lease, String connectionId);

    /**
     * Points a pending message's current attempt at another connection without a new attempt (a
     * client that reconnected while its spilled message waits in the queue). False when
     * {@code attempt} is no longer current or the message closed.
     */
    boolean reattach(MessageKey message, int attempt, String connectionId);

    /**
     * Stores attempt {@code attempt}'s answer, if that attempt still holds the message, and charges its
     * {@link NewAnswer#chargedTokens()} to its caller's usage in the windows of the moment it closes — in the same write,
     * so an answer is charged exactly when it is stored, once (ADR 0046).
     */
    Closing answer(MessageKey message, int attempt, NewAnswer answer);

    /** Closes the message with an error from attempt {@code attempt}, if that attempt still holds it. */
    Closing fail(MessageKey message, int attempt, ErrorCode code, String text);

    /**
     * Stores the answer of the attempt that holds {@code held} (the message as that attempt's
     * acceptance or claim returned it), if it still holds it. A store may build the closed message
     * from {@code held} and what it wrote rather than read it back: the hot path's one write.
     */
    default Closing answer(StoredMessage held, NewAnswer answer) {
        return answer(held.key(), held.attempt(), answer);
    }

    /** As {@link #answer(StoredMessage, NewAnswer)}, closing the message with an error. */
    default Closing fail(StoredMessage held, ErrorCode code, String text) {
        return fail(held.key(), held.attempt(), code, text);
    }

    /**
     * Extends attempt {@code attempt}'s lease to {@code until} while that attempt still holds the
     * pending message: a worker renews as long as it works, so recovery takes over only attempts
     * whose worker stopped. False when another attempt took the message or it closed — the worker
     * is then superseded and must stop.
     */
    boolean renew(MessageKey message, int attempt, Instant until);

    /** Ends attempt {@code attempt}'s lease now, so recovery takes the message over at once (the attempt cannot finish here). */
    void release(MessageKey message, int attempt);

    /**
     * Stores {@code feedback} on the answer of the caller's message {@code messageId}, replacing what the answer held: a
     * change of mind replaces, a resend of the same feedback writes the same (ADR 0045). Only an answered message takes
     * one; one of another principal is simply not in {@code conversation}. It changes nothing else of the message — not
     * its state, attempt, lease or connection (those belong to {@code MessageAttempts}, ADR 0042), nor its retention or
     * the conversation's version (no prompt holds a rating).
     */
    FeedbackWrite feedback(ConversationRef conversation, String messageId, StoredMessage.Feedback feedback);

    /** What {@code principal}'s answers were charged in the windows of {@code periods} (ADR 0046); strongly consistent. */
    UsageTotals usage(String principal, UsagePeriods periods);

    /** The message, or {@code null} when there is none. */
    StoredMessage message(MessageKey message);

    /** Messages with index {@code fromIndex} and above, oldest first. */
    List<StoredMessage> messagesFrom(ConversationRef conversation, long fromIndex);

    /** The last {@code limit} messages, oldest first. */
    List<StoredMessage> recent(ConversationRef conversation, int limit);

    /** How many shards the pending-message index is spread over (recovery queries each). */
    int pendingShards();

    /** Up to {@code limit} pending messages of {@code shard} whose lease ended before {@code now}. */
    List<MessageKey> leaseEnded(int shard, Instant now, int limit);
}
