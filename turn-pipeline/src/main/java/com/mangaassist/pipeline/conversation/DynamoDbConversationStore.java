package com.mangaassist.pipeline.conversation;

import static com.mangaassist.pipeline.conversation.ConversationTableSchema.META;
import static com.mangaassist.pipeline.conversation.ConversationTableSchema.PK;
import static com.mangaassist.pipeline.conversation.ConversationTableSchema.SK;
import static com.mangaassist.pipeline.conversation.ConversationTableSchema.TTL;

import com.mangaassist.shared.budget.ConversationTurn;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.domain.Route;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The source of truth for conversations, shared by both compute paths. Appending a turn is one
 * DynamoDB transaction of three conditional writes: the meta item's turn count moves from n to n+1
 * (only if it is still n and the caller owns the conversation), the turn item {@code t#n+1} is
 * created (only if absent), and the message marker is created (only if absent). So turn order
 * holds across Fargate tasks and Lambdas racing on one conversation, a redelivered message never
 * stores a second turn, and a principal can never write another principal's conversation.
 */
public final class DynamoDbConversationStore implements ConversationStore {

    private static final int MAX_ATTEMPTS = 12;
    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration retention;

    public DynamoDbConversationStore(DynamoDbClient dynamo, String table, Clock clock, Duration retention) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    @Override
    public ConversationMeta meta(String conversationId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PK, s(conversationId), SK, s(META)))).item();
        if (item == null || item.isEmpty()) {
            return ConversationMeta.ABSENT;
        }
        return new ConversationMeta(item.get("owner").s(), Long.parseLong(item.get("turnCount").n()));
    }

    @Override
    public AppendOutcome append(String conversationId, String principal, NewTurn turn) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ConversationMeta meta = meta(conversationId);
            if (!meta.ownedBy(principal)) {
                return new AppendOutcome.Forbidden();
            }
            long seq = meta.turnCount() + 1;
            Instant now = clock.instant();
            try {
                dynamo.transactWriteItems(b -> b.transactItems(metaWrite(conversationId, principal, meta), turnWrite(conversationId, seq, turn, now),
                        markerWrite(conversationId, seq, turn)));
                return new AppendOutcome.Appended(new StoredTurn(new ConversationTurn(seq, turn.role(), turn.text(), turn.tokens(),
                        turn.pinned(), turn.entities()), turn.messageId(), turn.route(), now));
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.cancellationReasons();
                if (failed(reasons, 2)) {
                    return new AppendOutcome.Duplicate(seqOf(conversationId, turn.messageId(), turn.role()).orElseThrow());
                }
                // Another writer appended (or created the conversation) first: read again and retry,
                // after a jittered pause so racing writers do not collide again in lockstep.
                backoff(attempt);
            }
        }
        throw new IllegalStateException("could not append to " + conversationId + " after " + MAX_ATTEMPTS + " contended attempts");
    }

    private TransactWriteItem metaWrite(String conversationId, String principal, ConversationMeta meta) {
        String expires = expiresAt();
        if (!meta.exists()) {
            return TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(Map.of(PK, s(conversationId), SK, s(META), "owner", s(principal), "turnCount", n(1), TTL, n(expires)))
                    .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", PK)).build()).build();
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(Map.of(PK, s(conversationId), SK, s(META)))
                .updateExpression("SET turnCount = :next, #ttl = :ttl")
                .conditionExpression("turnCount = :expected AND #owner = :principal")
                .expressionAttributeNames(Map.of("#ttl", TTL, "#owner", "owner"))
                .expressionAttributeValues(Map.of(":next", n(meta.turnCount() + 1), ":expected", n(meta.turnCount()),
                        ":principal", s(principal), ":ttl", n(expires)))
                .build()).build();
    }

    private TransactWriteItem turnWrite(String conversationId, long seq, NewTurn turn, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(conversationId));
        item.put(SK, s(ConversationTableSchema.turnKey(seq)));
        item.put("seq", n(seq));
        item.put("role", s(turn.role().wireName()));
        item.put("text", s(turn.text()));
        item.put("tokens", n(turn.tokens()));
        item.put("pinned", AttributeValue.fromBool(turn.pinned()));
        item.put("messageId", s(turn.messageId()));
        item.put("createdAt", s(now.toString()));
        item.put(TTL, n(expiresAt()));
        if (!turn.entities().isEmpty()) {
            item.put("entities", AttributeValue.fromL(turn.entities().stream().map(DynamoDbConversationStore::s).toList()));
        }
        if (turn.route() != null) {
            item.put("route", s(turn.route().wireName()));
        }
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#sk)").expressionAttributeNames(Map.of("#sk", SK)).build()).build();
    }

    private TransactWriteItem markerWrite(String conversationId, long seq, NewTurn turn) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(Map.of(PK, s(conversationId), SK, s(ConversationTableSchema.markerKey(turn.messageId(), turn.role())),
                        "seq", n(seq), TTL, n(expiresAt())))
                .conditionExpression("attribute_not_exists(#sk)").expressionAttributeNames(Map.of("#sk", SK)).build()).build();
    }

    @Override
    public OptionalLong seqOf(String conversationId, String messageId, Role role) {
        Map<String, AttributeValue> marker = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PK, s(conversationId), SK, s(ConversationTableSchema.markerKey(messageId, role))))).item();
        return marker == null || marker.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(marker.get("seq").n()));
    }

    private static void backoff(int attempt) {
        long bound = Math.min(200, 2L << attempt);
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending", e);
        }
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons != null && reasons.size() > index && CONDITIONAL_CHECK_FAILED.equals(reasons.get(index).code());
    }

    @Override
    public List<StoredTurn> turnsAfter(String conversationId, long afterSeq) {
        List<StoredTurn> turns = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                    .expressionAttributeValues(Map.of(":pk", s(conversationId), ":from", s(ConversationTableSchema.turnKey(afterSeq + 1)),
                            ":to", s(ConversationTableSchema.turnKey(999_999_999_999L))));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(query.build());
            page.items().forEach(item -> turns.add(toTurn(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return turns;
    }

    @Override
    public List<StoredTurn> recent(String conversationId, int limit) {
        QueryResponse page = dynamo.query(b -> b.tableName(table).consistentRead(true).scanIndexForward(false).limit(limit)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :turns)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(conversationId), ":turns", s("t#"))));
        List<StoredTurn> turns = new ArrayList<>(page.items().size());
        for (int i = page.items().size() - 1; i >= 0; i--) {
            turns.add(toTurn(page.items().get(i)));
        }
        return turns;
    }

    private static StoredTurn toTurn(Map<String, AttributeValue> item) {
        List<String> entities = item.containsKey("entities") ? item.get("entities").l().stream().map(AttributeValue::s).toList() : List.of();
        ConversationTurn turn = new ConversationTurn(Long.parseLong(item.get("seq").n()), Role.fromWireName(item.get("role").s()),
                item.get("text").s(), Integer.parseInt(item.get("tokens").n()), item.get("pinned").bool(), entities);
        Route route = item.containsKey("route") ? Route.fromWireName(item.get("route").s()) : null;
        return new StoredTurn(turn, item.get("messageId").s(), route, Instant.parse(item.get("createdAt").s()));
    }

    private String expiresAt() {
        return Long.toString(clock.instant().plus(retention).getEpochSecond());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }
}
