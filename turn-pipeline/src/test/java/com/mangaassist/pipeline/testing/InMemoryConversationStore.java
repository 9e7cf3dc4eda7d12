package com.mangaassist.pipeline.testing;

import com.mangaassist.pipeline.conversation.Acceptance;
import com.mangaassist.pipeline.conversation.Claim;
import com.mangaassist.pipeline.conversation.ClaimRule;
import com.mangaassist.pipeline.conversation.Closing;
import com.mangaassist.pipeline.conversation.ConversationMeta;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.ConversationTableSchema;
import com.mangaassist.pipeline.conversation.FeedbackWrite;
import com.mangaassist.pipeline.conversation.Lease;
import com.mangaassist.pipeline.conversation.MessageKey;
import com.mangaassist.pipeline.conversation.MessageState;
import com.mangaassist.pipeline.conversation.NewAnswer;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.conversation.UsagePeriods;
import com.mangaassist.pipeline.conversation.UsageTotals;
import com.mangaassist.shared.wire.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link ConversationStore} in memory, for the services' unit tests: the same conditions as the
 * DynamoDB store (one acceptance per message id, attempts numbered here, only the current attempt
 * closes a message, once), checked against it by {@code ConversationStoreContract}. Counts its
 * writes, and can be made to fail every call (a stalled DynamoDB).
 */
public final class InMemoryConversationStore implements ConversationStore {

    private final Map<String, Conversation> conversations = new HashMap<>();
    /** When each message's current attempt was accepted or claimed (the Resend rule's spacing). */
    private final Map<MessageKey, Instant> attemptStarted = new HashMap<>();
    /** Tokens charged, by principal and window ({@code principal|2026-12-08}, {@code principal|2026-12}). */
    private final Map<String, Long> usage = new HashMap<>();
    private final Clock clock;
    private final Duration retention;
    public final AtomicInteger writes = new AtomicInteger();
    public volatile RuntimeException failWith;
    /** When set, usage reads fail with it (and nothing else does). */
    public volatile RuntimeException failUsageReads;

    public InMemoryConversationStore() {
        this(Clock.systemUTC(), Duration.ofDays(90));
    }

    public InMemoryConversationStore(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    private static final class Conversation {
        long version;
        final TreeMap<Long, StoredMessage> messages = new TreeMap<>();
        final Map<String, Long> byMessageId = new HashMap<>();
    }

    @Override
    public synchronized ConversationMeta meta(ConversationRef conversation) {
        check();
        Conversation c = conversations.get(conversation.partitionKey());
        return c == null || c.messages.isEmpty() ? ConversationMeta.ABSENT : new ConversationMeta(c.messages.lastKey(), c.version);
    }

    @Override
    public synchronized Acceptance accept(ConversationRef conversation, NewQuestion question, Lease lease) {
        check();
        Conversation c = conversations.computeIfAbsent(conversation.partitionKey(), k -> new Conversation());
        Long known = c.byMessageId.get(question.messageId());
        if (known != null) {
            return new Acceptance.Existing(c.messages.get(known));
        }
        long index = c.messages.isEmpty() ? 1 : c.messages.lastKey() + 1;
        Instant now = clock.instant();
        StoredMessage message = new StoredMessage(new MessageKey(conversation.partitionKey(), index), conversation.conversationId(),
                conversation.principal(), question.messageId(), new StoredMessage.Question(question.text(), question.tokens(), question.entities(),
                question.locale()), MessageState.PENDING, 1, lease.until(), lease.stage(), question.connectionId(), question.requestId(), null, null,
                now, now.plus(retention));
        c.messages.put(index, message);
        attemptStarted.put(message.key(), now);
        c.byMessageId.put(question.messageId(), index);
        c.version++;
        writes.incrementAndGet();
        return new Acceptance.Accepted(message, c.version);
    }

    @Override
    public synchronized Claim claim(MessageKey key, ClaimRule rule, Lease lease, String connectionId) {
        check();
        StoredMessage current = message(key);
        if (current == null) {
            return new Claim.Missing();
        }
        if (current.state().closed()) {
            return new Claim.Closed(current);
        }
        Instant now = clock.instant();
        boolean allowed = current.leaseExpired(now)
                || (rule instanceof ClaimRule.Resend resend && !attemptStarted.getOrDefault(key, Instant.EPOCH).isAfter(resend.startedBy()))
                || (rule instanceof ClaimRule.IfStillAttempt still && still.attempt() == current.attempt());
        if (!allowed) {
            return new Claim.Held(current);
        }
        StoredMessage claimed = new StoredMessage(key, current.conversationId(), current.principal(), current.messageId(), current.question(),
                MessageState.PENDING, current.attempt() + 1, lease.until(), lease.stage(), connectionId == null ? current.connectionId() : connectionId,
                current.requestId(), null, null, current.createdAt(), current.expiresAt());
        put(claimed);
        attemptStarted.put(key, now);
        return new Claim.Claimed(claimed);
    }

    @Override
    public synchronized boolean reattach(MessageKey key, int attempt, String connectionId) {
        check();
        StoredMessage current = message(key);
        if (current == null || current.state().closed() || current.attempt() != attempt) {
            return false;
        }
        put(new StoredMessage(key, current.conversationId(), current.principal(), current.messageId(), current.question(), current.state(),
                current.attempt(), current.leaseUntil(), current.stage(), connectionId, current.requestId(), null, null, current.createdAt(),
                current.expiresAt()));
        return true;
    }

    @Override
    public synchronized Closing answer(MessageKey key, int attempt, NewAnswer answer) {
        Closing closing = close(key, attempt, new StoredMessage.Answer(answer.text(), answer.tokens(), answer.entities(), answer.route(), attempt,
                clock.instant(), answer.completionTokens(), answer.tier(), null, answer.chargedTokens()), null);
        if (closing instanceof Closing.Closed closed && answer.chargedTokens() > 0) {
            // Charged with the answer, as the DynamoDB store does in its closing transaction.
            UsagePeriods periods = UsagePeriods.at(clock.instant());
            usage.merge(closed.message().principal() + "|" + periods.day(), answer.chargedTokens(), Long::sum);
            usage.merge(closed.message().principal() + "|" + periods.month(), answer.chargedTokens(), Long::sum);
        }
        return closing;
    }

    @Override
    public synchronized UsageTotals usage(String principal, UsagePeriods periods) {
        check();
        if (failUsageReads != null) {
            throw failUsageReads;
        }
        return new UsageTotals(periods, usage.getOrDefault(principal + "|" + periods.day(), 0L),
                usage.getOrDefault(principal + "|" + periods.month(), 0L));
    }

    @Override
    public synchronized Closing fail(MessageKey key, int attempt, ErrorCode code, String text) {
        return close(key, attempt, null, new StoredMessage.Failure(code, text, attempt));
    }

    private Closing close(MessageKey key, int attempt, StoredMessage.Answer answer, StoredMessage.Failure failure) {
        check();
        StoredMessage current = message(key);
        if (current == null || current.state().closed() || current.attempt() != attempt) {
            return new Closing.Superseded(current);
        }
        StoredMessage closed = new StoredMessage(key, current.conversationId(), current.principal(), current.messageId(), current.question(),
                answer != null ? MessageState.ANSWERED : MessageState.FAILED, attempt, current.leaseUntil(), current.stage(), current.connectionId(),
                current.requestId(), answer, failure, current.createdAt(), clock.instant().plus(retention));
        put(closed);
        Conversation c = conversations.get(key.partitionKey());
        c.version++;
        return new Closing.Closed(closed, c.version);
    }

    @Override
    public synchronized boolean renew(MessageKey key, int attempt, Instant until) {
        check();
        StoredMessage current = message(key);
        if (current == null || current.state().closed() || current.attempt() != attempt) {
            return false;
        }
        if (until.isAfter(current.leaseUntil())) {
            put(new StoredMessage(key, current.conversationId(), current.principal(), current.messageId(), current.question(), current.state(),
                    attempt, until, current.stage(), current.connectionId(), current.requestId(), null, null, current.createdAt(),
                    current.expiresAt()));
        }
        return true;
    }

    @Override
    public synchronized void release(MessageKey key, int attempt) {
        check();
        StoredMessage current = message(key);
        if (current != null && !current.state().closed() && current.attempt() == attempt) {
            put(new StoredMessage(key, current.conversationId(), current.principal(), current.messageId(), current.question(), current.state(),
                    attempt, Instant.EPOCH, current.stage(), current.connectionId(), current.requestId(), null, null, current.createdAt(),
                    current.expiresAt()));
        }
    }

    /** As DynamoDB's: found by its message id under the caller's conversation, rated only when answered, nothing else changed. */
    @Override
    public synchronized FeedbackWrite feedback(ConversationRef conversation, String messageId, StoredMessage.Feedback feedback) {
        check();
        Conversation c = conversations.get(conversation.partitionKey());
        Long index = c == null ? null : c.byMessageId.get(messageId);
        StoredMessage current = index == null ? null : c.messages.get(index);
        if (current == null) {
            return new FeedbackWrite.Missing();
        }
        if (current.state() != MessageState.ANSWERED) {
            return new FeedbackWrite.Unanswered(current);
        }
        StoredMessage rated = current.ratedAs(feedback);
        put(rated);
        return new FeedbackWrite.Saved(rated, current.answer().feedback());
    }

    @Override
    public synchronized StoredMessage message(MessageKey key) {
        check();
        Conversation c = conversations.get(key.partitionKey());
        return c == null ? null : c.messages.get(key.index());
    }

    @Override
    public synchronized List<StoredMessage> messagesFrom(ConversationRef conversation, long fromIndex) {
        check();
        Conversation c = conversations.get(conversation.partitionKey());
        return c == null ? List.of() : List.copyOf(c.messages.tailMap(fromIndex, true).values());
    }

    @Override
    public synchronized List<StoredMessage> recent(ConversationRef conversation, int limit) {
        check();
        Conversation c = conversations.get(conversation.partitionKey());
        if (c == null) {
            return List.of();
        }
        List<StoredMessage> all = new ArrayList<>(c.messages.values());
        return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
    }

    @Override
    public int pendingShards() {
        return ConversationTableSchema.PENDING_SHARDS;
    }

    @Override
    public synchronized List<MessageKey> leaseEnded(int shard, Instant now, int limit) {
        check();
        String wanted = ConversationTableSchema.pendingShard(shard);
        return conversations.values().stream().flatMap(c -> c.messages.values().stream())
                .filter(m -> !m.state().closed() && m.leaseExpired(now) && ConversationTableSchema.pendingShard(m.key().partitionKey()).equals(wanted))
                .sorted(Comparator.comparing(StoredMessage::leaseUntil)).limit(limit).map(StoredMessage::key).toList();
    }

    /** Every message of every conversation, for assertions. */
    public synchronized List<StoredMessage> all() {
        return conversations.values().stream().flatMap(c -> c.messages.values().stream()).toList();
    }

    private void put(StoredMessage message) {
        conversations.get(message.key().partitionKey()).messages.put(message.index(), message);
        writes.incrementAndGet();
    }

    private void check() {
        RuntimeException failure = failWith;
        if (failure != null) {
            throw failure;
        }
    }
}
