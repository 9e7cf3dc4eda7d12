package com.mangaassist.pipeline.conversation;

import static com.mangaassist.pipeline.conversation.ConversationTableSchema.LEASE_UNTIL;
import static com.mangaassist.pipeline.conversation.ConversationTableSchema.META;
import static com.mangaassist.pipeline.conversation.ConversationTableSchema.PENDING_SHARD;
import static com.mangaassist.pipeline.conversation.ConversationTableSchema.PK;
import static com.mangaassist.pipeline.conversation.ConversationTableSchema.SK;
import static com.mangaassist.pipeline.conversation.ConversationTableSchema.TTL;
import static com.mangaassist.pipeline.conversation.MessageItems.STATE;
import static com.mangaassist.pipeline.conversation.MessageItems.n;
import static com.mangaassist.pipeline.conversation.MessageItems.s;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mangaassist.shared.wire.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link ConversationStore} on one DynamoDB table (layout: {@link ConversationTableSchema}). Accepting
 * is one transaction of three conditional writes — the head moves from n messages to n+1 (only if
 * it is still at n), the message item {@code msg#n+1} is created, the message id's marker is
 * created — so message order holds across writers and a resend never stores a second message.
 * Claims are one conditional update that takes the next attempt number. Closing is a transaction
 * that writes the answer or failure only while the closing attempt is current and moves the
 * head's version on. Retention is DynamoDB TTL on every item, refreshed on the head and on the
 * message at each write; readers skip expired items (TTL deletes lazily), and every condition
 * treats an expired item as absent, so an expired conversation is simply a new one.
 */
public final class DynamoDbConversationStore implements ConversationStore {

    private static final int MAX_ATTEMPTS = 12;
    /** Heads remembered, about 100 bytes each: the conversations a task served in the last minutes. */
    private static final int HEADS_REMEMBERED = 50_000;
    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration retention;
    /**
     * The head of each conversation this process last wrote or read: what accepting and closing
     * write against before reading (see {@link #head}). Bounded; an entry that is gone only costs a read.
     */
    private final Cache<String, ConversationMeta> heads = Caffeine.newBuilder().maximumSize(HEADS_REMEMBERED)
            .expireAfterAccess(Duration.ofMinutes(10)).executor(Runnable::run).build();

    public DynamoDbConversationStore(DynamoDbClient dynamo, String table, Clock clock, Duration retention) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    @Override
    public ConversationMeta meta(ConversationRef conversation) {
        return meta(conversation.partitionKey(), clock.instant());
    }

    /** Reads the head strongly consistent, and remembers it as the head this process knows. */
    private ConversationMeta meta(String partitionKey, Instant now) {
        Map<String, AttributeValue> item = get(partitionKey, META);
        if (!MessageItems.live(item, now)) {
            heads.invalidate(partitionKey);
            return ConversationMeta.ABSENT;
        }
        ConversationMeta head = new ConversationMeta(Long.parseLong(item.get("messages").n()), Long.parseLong(item.get("version").n()));
        heads.put(partitionKey, head);
        return head;
    }

    /**
     * The head to write against: the one this process last wrote or read when it knows one, else
     * read. A known head that another writer moved on fails the write's condition, and the retry
     * reads; so a guess costs one refused write when wrong and saves a read when right.
     */
    private Known head(String partitionKey, Instant now) {
        ConversationMeta known = heads.getIfPresent(partitionKey);
        return known != null ? new Known(known, true) : new Known(meta(partitionKey, now), false);
    }

    /** A head, and whether it came from this process's memory (unverified) rather than a read. */
    private record Known(ConversationMeta head, boolean remembered) {
    }

    @Override
    public Acceptance accept(ConversationRef conversation, NewQuestion question, Lease lease) {
        String pk = conversation.partitionKey();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Known known = head(pk, now);
            ConversationMeta head = known.head();
            long index = head.messages() + 1;
            Instant expiresAt = now.plus(retention);
            Map<String, AttributeValue> item = MessageItems.accepted(conversation, index, question, lease, now, expiresAt);
            try {
                dynamo.transactWriteItems(b -> b.transactItems(headForAccept(conversation, head, now, expiresAt),
                        putIfAbsentOrExpired(item, now), putIfAbsentOrExpired(marker(pk, question.messageId(), index, expiresAt), now)));
                heads.put(pk, new ConversationMeta(index, head.version() + 1));
                return new Acceptance.Accepted(MessageItems.toMessage(item), head.version() + 1);
            } catch (TransactionCanceledException cancelled) {
                heads.invalidate(pk);
                if (failed(cancelled.cancellationReasons(), 2)) {
                    StoredMessage existing = byMessageId(pk, question.messageId(), now);
                    if (existing != null) {
                        return new Acceptance.Existing(existing);
                    }
                }
                // A remembered head that another writer moved on: read it and write again at once. A head just read that
                // moved anyway is a race: read again after a jittered pause, so racing writers do not collide in lockstep.
                if (!known.remembered()) {
                    backoff(attempt);
                }
            }
        }
        throw new IllegalStateException("could not accept into " + conversation.conversationId() + " after " + MAX_ATTEMPTS + " contended attempts");
    }

    private TransactWriteItem headForAccept(ConversationRef conversation, ConversationMeta head, Instant now, Instant expiresAt) {
        String pk = conversation.partitionKey();
        if (!head.exists()) {
            Map<String, AttributeValue> item = Map.of(PK, s(pk), SK, s(META), "owner", s(conversation.principal()),
                    "conversationId", s(conversation.conversationId()), "messages", n(1), "version", n(1), TTL, n(expiresAt.getEpochSecond()));
            return putIfAbsentOrExpired(item, now);
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(pk, META))
                .updateExpression("SET messages = :next, version = :nextVersion, #ttl = :ttl")
                .conditionExpression("messages = :expected AND version = :version AND #ttl > :now")
                .expressionAttributeNames(Map.of("#ttl", TTL))
                .expressionAttributeValues(Map.of(":next", n(head.messages() + 1), ":expected", n(head.messages()),
                        ":nextVersion", n(head.version() + 1), ":version", n(head.version()), ":ttl", n(expiresAt.getEpochSecond()),
                        ":now", n(now.getEpochSecond())))
                .build()).build();
    }

    private Map<String, AttributeValue> marker(String pk, String messageId, long index, Instant expiresAt) {
        return Map.of(PK, s(pk), SK, s(ConversationTableSchema.markerKey(messageId)), "index", n(index), TTL, n(expiresAt.getEpochSecond()));
    }

    private TransactWriteItem putIfAbsentOrExpired(Map<String, AttributeValue> item, Instant now) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#sk) OR #ttl <= :now")
                .expressionAttributeNames(Map.of("#sk", SK, "#ttl", TTL))
                .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()))).build()).build();
    }

    private StoredMessage byMessageId(String pk, String messageId, Instant now) {
        Map<String, AttributeValue> marker = get(pk, ConversationTableSchema.markerKey(messageId));
        if (!MessageItems.live(marker, now)) {
            return null;
        }
        return message(new MessageKey(pk, Long.parseLong(marker.get("index").n())));
    }

    /** The token of the last claim written to a message item (see {@link #claim}). */
    static final String CLAIM_TOKEN = "claimToken";

    @Override
    public Claim claim(MessageKey message, ClaimRule rule, Lease lease, String connectionId) {
        Instant now = clock.instant();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":one", n(1));
        values.put(":lease", n(lease.until().toEpochMilli()));
        values.put(":stage", s(lease.stage().name()));
        values.put(":now", n(now.getEpochSecond()));
        // This claim's own token: the SDK retries a write whose response was lost, and the retry must recognise
        // the first try's success instead of reading it as another attempt's (or, on a resend, taking a second attempt).
        String token = UUID.randomUUID().toString();
        values.put(":token", s(token));
        values.put(":started", n(now.toEpochMilli()));
        String set = "SET attempt = attempt + :one, leaseUntil = :lease, stage = :stage, " + CLAIM_TOKEN + " = :token, "
                + MessageItems.ATTEMPT_STARTED + " = :started";
        if (connectionId != null) {
            set += ", connectionId = :connection";
            values.put(":connection", s(connectionId));
        }
        String condition = "attribute_exists(pendingShard) AND #ttl > :now AND (attribute_not_exists(" + CLAIM_TOKEN + ") OR " + CLAIM_TOKEN
                + " <> :token)";
        if (rule instanceof ClaimRule.IfLeaseEnded) {
            condition += " AND leaseUntil <= :nowMillis";
            values.put(":nowMillis", n(now.toEpochMilli()));
        } else if (rule instanceof ClaimRule.Resend resend) {
            // Items accepted before attempts carried their start are taken over as before.
            condition += " AND (attribute_not_exists(" + MessageItems.ATTEMPT_STARTED + ") OR " + MessageItems.ATTEMPT_STARTED
                    + " <= :startedBy OR leaseUntil <= :nowMillis)";
            values.put(":startedBy", n(resend.startedBy().toEpochMilli()));
            values.put(":nowMillis", n(now.toEpochMilli()));
        } else if (rule instanceof ClaimRule.IfStillAttempt still) {
            condition += " AND (attempt = :expected OR leaseUntil <= :nowMillis)";
            values.put(":expected", n(still.attempt()));
            values.put(":nowMillis", n(now.toEpochMilli()));
        }
        String update = set;
        String check = condition;
        try {
            Map<String, AttributeValue> claimed = dynamo.updateItem(b -> b.tableName(table).key(key(message))
                    .updateExpression(update).conditionExpression(check).expressionAttributeNames(Map.of("#ttl", TTL))
                    .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)).attributes();
            return new Claim.Claimed(MessageItems.toMessage(claimed));
        } catch (ConditionalCheckFailedException refused) {
            Map<String, AttributeValue> item = get(message.partitionKey(), ConversationTableSchema.messageKey(message.index()));
            if (!MessageItems.live(item, clock.instant())) {
                return new Claim.Missing();
            }
            StoredMessage current = MessageItems.toMessage(item);
            if (item.containsKey(CLAIM_TOKEN) && token.equals(item.get(CLAIM_TOKEN).s()) && !current.state().closed()) {
                return new Claim.Claimed(current);
            }
            return current.state().closed() ? new Claim.Closed(current) : new Claim.Held(current);
        }
    }

    @Override
    public boolean reattach(MessageKey message, int attempt, String connectionId) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(message)).updateExpression("SET connectionId = :connection")
                    .conditionExpression("attribute_exists(pendingShard) AND attempt = :attempt")
                    .expressionAttributeValues(Map.of(":connection", s(connectionId), ":attempt", n(attempt))));
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false;
        }
    }

    @Override
    public UsageTotals usage(String principal, UsagePeriods periods) {
        String pk = UsageItems.partitionKey(principal);
        Map<String, AttributeValue> dayKey = UsageItems.key(pk, UsageItems.dayKey(periods));
        Map<String, AttributeValue> monthKey = UsageItems.key(pk, UsageItems.monthKey(periods));
        // One call for both counters; a key DynamoDB leaves unprocessed (throttled) is asked again, once, then it fails.
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        List<Map<String, AttributeValue>> wanted = List.of(dayKey, monthKey);
        for (int round = 0; round < 2 && !wanted.isEmpty(); round++) {
            List<Map<String, AttributeValue>> keys = wanted;
            BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(Map.of(table,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build())));
            found.addAll(response.responses().getOrDefault(table, List.of()));
            KeysAndAttributes left = response.unprocessedKeys().get(table);
            wanted = left == null ? List.of() : left.keys();
        }
        if (!wanted.isEmpty()) {
            throw new IllegalStateException("the usage counters of a caller stayed unprocessed twice");
        }
        long day = 0;
        long month = 0;
        for (Map<String, AttributeValue> item : found) {
            String sortKey = item.get(SK).s();
            if (sortKey.equals(UsageItems.dayKey(periods))) {
                day = UsageItems.tokens(item);
            } else if (sortKey.equals(UsageItems.monthKey(periods))) {
                month = UsageItems.tokens(item);
            }
        }
        return new UsageTotals(periods, day, month);
    }

    @Override
    public Closing answer(MessageKey message, int attempt, NewAnswer answer) {
        return answer(message, attempt, answer, null);
    }

    @Override
    public Closing answer(StoredMessage held, NewAnswer answer) {
        return answer(held.key(), held.attempt(), answer, held);
    }

    private Closing answer(MessageKey message, int attempt, NewAnswer answer, StoredMessage held) {
        Instant now = clock.instant();
        Map<String, AttributeValue> values = MessageItems.answerValues(answer, attempt, now);
        values.put(":state", s(MessageState.ANSWERED.name()));
        StoredMessage.Answer stored = new StoredMessage.Answer(answer.text(), answer.tokens(), answer.entities(), answer.route(), attempt,
                Instant.parse(values.get(":answeredAt").s()), answer.completionTokens(), answer.tier(), null, answer.chargedTokens());
        return close(message, attempt, answer.chargedTokens(), "SET #state = :state, answer = :answer, answerTokens = :answerTokens, answerCompletion = :answerCompletion, "
                + "answerEntities = :answerEntities, route = :route, answerTier = :answerTier, answerCharged = :answerCharged, answerAttempt = :closedBy, "
                + "answeredAt = :answeredAt", values,
                held == null ? null : expiresAt -> held.answeredWith(stored, expiresAt));
    }

    @Override
    public Closing fail(MessageKey message, int attempt, ErrorCode code, String text) {
        return fail(message, attempt, code, text, null);
    }

    @Override
    public Closing fail(StoredMessage held, ErrorCode code, String text) {
        return fail(held.key(), held.attempt(), code, text, held);
    }

    private Closing fail(MessageKey message, int attempt, ErrorCode code, String text, StoredMessage held) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":state", s(MessageState.FAILED.name()));
        values.put(":code", s(code.wireName()));
        values.put(":text", s(text));
        values.put(":closedBy", n(attempt));
        StoredMessage.Failure stored = new StoredMessage.Failure(code, text, attempt);
        return close(message, attempt, -1, "SET #state = :state, failedCode = :code, failedMessage = :text, failedAttempt = :closedBy", values,
                held == null ? null : expiresAt -> held.failedWith(stored, expiresAt));
    }

    /**
     * Writes the closing attributes while {@code attempt} is current, and moves the head's version
     * on, in one transaction — with an answer's charge to its caller's day and month counters, so the
     * charge is applied exactly when the answer is (a retry that finds its own answer stored charged
     * it with that write). The closed message comes from {@code closedLocally} (the held message
     * and the write) when the caller gave it, else it is read back.
     *
     * @param charge an answer's tokens to charge (0: none); negative when failing
     */
    private Closing close(MessageKey message, int attempt, long charge, String set, Map<String, AttributeValue> closingValues,
                          Function<Instant, StoredMessage> closedLocally) {
        boolean answering = charge >= 0;
        String pk = message.partitionKey();
        for (int retry = 0; retry < MAX_ATTEMPTS; retry++) {
            Instant now = clock.instant();
            Known known = head(pk, now);
            ConversationMeta head = known.head();
            Instant expiresAt = Instant.ofEpochSecond(now.plus(retention).getEpochSecond());
            Map<String, AttributeValue> values = new HashMap<>(closingValues);
            values.put(":attempt", n(attempt));
            values.put(":ttl", n(expiresAt.getEpochSecond()));
            TransactWriteItem closeMessage = TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(message))
                    .updateExpression(set + ", #ttl = :ttl REMOVE " + PENDING_SHARD)
                    .conditionExpression("attribute_exists(" + PENDING_SHARD + ") AND attempt = :attempt")
                    .expressionAttributeNames(Map.of("#state", STATE, "#ttl", TTL)).expressionAttributeValues(values).build()).build();
            TransactWriteItem moveHead = TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(pk, META))
                    .updateExpression("SET version = :next, #ttl = :ttl").conditionExpression("version = :version")
                    .expressionAttributeNames(Map.of("#ttl", TTL))
                    .expressionAttributeValues(Map.of(":next", n(head.version() + 1), ":version", n(head.version()), ":ttl",
                            n(expiresAt.getEpochSecond())))
                    .build()).build();
            List<TransactWriteItem> writes = new ArrayList<>(List.of(closeMessage, moveHead));
            if (charge > 0) {
                writes.addAll(UsageItems.charge(table, UsageItems.fromConversation(pk), UsagePeriods.at(now), charge));
            }
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                heads.put(pk, new ConversationMeta(head.messages(), head.version() + 1));
                StoredMessage closed = closedLocally != null ? closedLocally.apply(expiresAt) : message(message);
                return new Closing.Closed(closed, head.version() + 1);
            } catch (TransactionCanceledException cancelled) {
                heads.invalidate(pk);
                if (failed(cancelled.cancellationReasons(), 0)) {
                    StoredMessage current = message(message);
                    if (current != null && closedBy(current, attempt, answering)) {
                        // Our own earlier try went through before its answer was lost: the message is closed by this attempt.
                        return new Closing.Closed(current, meta(pk, clock.instant()).version());
                    }
                    return new Closing.Superseded(current);
                }
                if (!known.remembered()) {
                    backoff(retry);
                }
            }
        }
        throw new IllegalStateException("could not close message " + message.index() + " after " + MAX_ATTEMPTS + " contended attempts");
    }

    /** Whether this very write (an answer, or a failure) by this attempt is what closed it: a retry of a write that went through. */
    private static boolean closedBy(StoredMessage message, int attempt, boolean answering) {
        return answering ? message.answer() != null && message.answer().attempt() == attempt
                : message.failure() != null && message.failure().attempt() == attempt;
    }

    @Override
    public boolean renew(MessageKey message, int attempt, Instant until) {
        try {
            // Never shortens: a retried renewal, or one overtaken by a later one, leaves the longer lease.
            dynamo.updateItem(b -> b.tableName(table).key(key(message)).updateExpression("SET leaseUntil = :until")
                    .conditionExpression("attribute_exists(pendingShard) AND attempt = :attempt AND leaseUntil <= :until")
                    .expressionAttributeValues(Map.of(":until", n(until.toEpochMilli()), ":attempt", n(attempt))));
            return true;
        } catch (ConditionalCheckFailedException notExtended) {
            StoredMessage current = message(message);
            return current != null && !current.state().closed() && current.attempt() == attempt;
        }
    }

    @Override
    public void release(MessageKey message, int attempt) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(message)).updateExpression("SET leaseUntil = :ended")
                    .conditionExpression("attribute_exists(pendingShard) AND attempt = :attempt")
                    .expressionAttributeValues(Map.of(":ended", n(0), ":attempt", n(attempt))));
        } catch (ConditionalCheckFailedException alreadyMoved) {
            // a later attempt holds it, or it closed: nothing of ours to release
        }
    }

    /**
     * One conditional update of the message item, found by its marker: it holds while the item is this message id's,
     * answered and live, and sets only the feedback attributes. Not the TTL: a message item that outlived its head
     * would block the next conversation that reuses the id (its acceptance needs the index free); not the head's version.
     * The item before the update comes back, so the caller learns what the answer held without a second read.
     */
    @Override
    public FeedbackWrite feedback(ConversationRef conversation, String messageId, StoredMessage.Feedback feedback) {
        String pk = conversation.partitionKey();
        Map<String, AttributeValue> marker = get(pk, ConversationTableSchema.markerKey(messageId));
        if (!MessageItems.live(marker, clock.instant())) {
            return new FeedbackWrite.Missing();
        }
        MessageKey key = new MessageKey(pk, Long.parseLong(marker.get("index").n()));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":answered", s(MessageState.ANSWERED.name()));
        values.put(":messageId", s(messageId));
        values.put(":now", n(clock.instant().getEpochSecond()));
        values.put(":rating", s(feedback.rating().wireName()));
        values.put(":givenAt", s(feedback.givenAt().toString()));
        String set = "SET " + MessageItems.FEEDBACK_RATING + " = :rating, " + MessageItems.FEEDBACK_AT + " = :givenAt";
        if (feedback.reason() != null) {
            set += ", " + MessageItems.FEEDBACK_REASON + " = :reason";
            values.put(":reason", s(feedback.reason()));
        } else {
            // A change of mind without a reason drops the one given before: the stored feedback is the latest, whole.
            set += " REMOVE " + MessageItems.FEEDBACK_REASON;
        }
        String update = set;
        try {
            Map<String, AttributeValue> before = dynamo.updateItem(b -> b.tableName(table).key(key(key)).updateExpression(update)
                    .conditionExpression("#state = :answered AND messageId = :messageId AND #ttl > :now")
                    .expressionAttributeNames(Map.of("#state", STATE, "#ttl", TTL)).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            StoredMessage previous = MessageItems.toMessage(before);
            StoredMessage.Feedback was = previous.answer().feedback();
            // The SDK retried a write whose answer was lost: what it read back is this request's own (same givenAt), not a
            // rating given before, so the rating is reported as new rather than as a resend that changes nothing.
            if (was != null && was.givenAt().equals(feedback.givenAt())) {
                was = null;
            }
            return new FeedbackWrite.Saved(previous.ratedAs(feedback), was);
        } catch (ConditionalCheckFailedException refused) {
            StoredMessage current = message(key);
            return current == null || !current.messageId().equals(messageId) ? new FeedbackWrite.Missing() : new FeedbackWrite.Unanswered(current);
        }
    }

    @Override
    public StoredMessage message(MessageKey message) {
        Map<String, AttributeValue> item = get(message.partitionKey(), ConversationTableSchema.messageKey(message.index()));
        return MessageItems.live(item, clock.instant()) ? MessageItems.toMessage(item) : null;
    }

    @Override
    public List<StoredMessage> messagesFrom(ConversationRef conversation, long fromIndex) {
        Instant now = clock.instant();
        List<StoredMessage> messages = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                    .expressionAttributeValues(Map.of(":pk", s(conversation.partitionKey()),
                            ":from", s(ConversationTableSchema.messageKey(Math.max(1, fromIndex))),
                            ":to", s(ConversationTableSchema.messageKey(999_999_999_999L))));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(query.build());
            page.items().stream().filter(item -> MessageItems.live(item, now)).forEach(item -> messages.add(MessageItems.toMessage(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return messages;
    }

    @Override
    public List<StoredMessage> recent(ConversationRef conversation, int limit) {
        Instant now = clock.instant();
        QueryResponse page = dynamo.query(b -> b.tableName(table).consistentRead(true).scanIndexForward(false).limit(limit)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :messages)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(conversation.partitionKey()), ":messages", s("msg#"))));
        List<StoredMessage> messages = new ArrayList<>(page.items().size());
        for (int i = page.items().size() - 1; i >= 0; i--) {
            if (MessageItems.live(page.items().get(i), now)) {
                messages.add(MessageItems.toMessage(page.items().get(i)));
            }
        }
        return messages;
    }

    @Override
    public int pendingShards() {
        return ConversationTableSchema.PENDING_SHARDS;
    }

    @Override
    public List<MessageKey> leaseEnded(int shard, Instant now, int limit) {
        QueryResponse page = dynamo.query(b -> b.tableName(table).indexName(ConversationTableSchema.PENDING_INDEX).limit(limit)
                .keyConditionExpression("#shard = :shard AND #lease <= :now")
                .expressionAttributeNames(Map.of("#shard", PENDING_SHARD, "#lease", LEASE_UNTIL))
                .expressionAttributeValues(Map.of(":shard", s(ConversationTableSchema.pendingShard(shard)), ":now", n(now.toEpochMilli()))));
        return page.items().stream().map(item -> new MessageKey(item.get(PK).s(), ConversationTableSchema.indexOf(item.get(SK).s()))).toList();
    }

    private Map<String, AttributeValue> get(String pk, String sk) {
        return dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(pk, sk))).item();
    }

    private static Map<String, AttributeValue> key(MessageKey message) {
        return key(message.partitionKey(), ConversationTableSchema.messageKey(message.index()));
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    private static void backoff(int attempt) {
        long bound = Math.min(200, 2L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a conversation", e);
        }
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons != null && reasons.size() > index && CONDITIONAL_CHECK_FAILED.equals(reasons.get(index).code());
    }
}
