package com.mangaassist.pipeline.conversation;

import com.mangaassist.shared.contract.ConversationTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The conversation table's layout, shared by the store, the CDK stack and the local stack (ADR
 * 0019). One partition per conversation ({@link ConversationRef#partitionKey()}, under its
 * principal); sort keys: {@code meta} (message count, version, TTL), {@code msg#<index>} (one item
 * per message: its question, its current attempt and lease, and its answer or failure once closed
 * — never the whole history in one item, which would hit the 400 KB limit and lose concurrent
 * updates), and {@code m#<messageId>} (which index a client's message id was accepted as).
 * Pending messages also carry {@link #PENDING_SHARD}, so the sparse index {@link #PENDING_INDEX}
 * (shard, lease end) lists exactly the messages recovery may have to take over. Each caller's token
 * usage lives in the same table under a partition of its own ({@code q#<digest>}, {@link UsageItems}),
 * so an answer's charge joins its closing transaction (ADR 0046); those items carry no pending shard.
 */
public final class ConversationTableSchema {

    public static final String PK = ConversationTable.PK;
    public static final String SK = ConversationTable.SK;
    public static final String META = "meta";
    public static final String TTL = ConversationTable.TTL;
    public static final String PENDING_INDEX = ConversationTable.PENDING_INDEX;
    public static final String PENDING_SHARD = ConversationTable.PENDING_SHARD;
    public static final String LEASE_UNTIL = ConversationTable.LEASE_UNTIL;
    /** Pending messages spread over this many index partitions, so no one partition takes every write of a busy platform. */
    public static final int PENDING_SHARDS = 8;

    private static final String MESSAGE_PREFIX = "msg#";

    private ConversationTableSchema() {
    }

    /** Zero-padded so that sort-key order is message order. */
    public static String messageKey(long index) {
        return String.format("%s%012d", MESSAGE_PREFIX, index);
    }

    public static long indexOf(String sortKey) {
        if (!sortKey.startsWith(MESSAGE_PREFIX)) {
            throw new IllegalArgumentException("not a message sort key: " + sortKey);
        }
        return Long.parseLong(sortKey.substring(MESSAGE_PREFIX.length()));
    }

    public static String markerKey(String messageId) {
        return "m#" + messageId;
    }

    public static String pendingShard(String partitionKey) {
        return "p" + Math.floorMod(partitionKey.hashCode(), PENDING_SHARDS);
    }

    public static String pendingShard(int shard) {
        return "p" + shard;
    }

    /** Creates the table and its index for local runs and tests (production tables come from the CDK stack). */
    public static void createIfMissing(DynamoDbClient client, String table) {
        try {
            client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute(PK, ScalarAttributeType.S), attribute(SK, ScalarAttributeType.S),
                            attribute(PENDING_SHARD, ScalarAttributeType.S), attribute(LEASE_UNTIL, ScalarAttributeType.N))
                    .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(PENDING_INDEX)
                            .keySchema(key(PENDING_SHARD, KeyType.HASH), key(LEASE_UNTIL, KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build()));
        } catch (ResourceInUseException alreadyThere) {
            // idempotent by design: the local stack calls this on every start
        }
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
