package com.mangaassist.pipeline.conversation;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The conversation table's layout, shared by the store, the CDK stack and the local stack. One
 * partition per conversation; sort keys: {@code meta} (owner, turn count, TTL), {@code t#<seq>}
 * (one item per turn: never the whole history in one item, which would hit the 400 KB limit and
 * lose concurrent updates), and {@code m#<messageId>#<role>} (a turn for that message exists).
 */
public final class ConversationTableSchema {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String META = "meta";
    public static final String TTL = "expiresAt";

    private ConversationTableSchema() {
    }

    /** Zero-padded so that sort-key order is turn order. */
    public static String turnKey(long seq) {
        return String.format("t#%012d", seq);
    }

    public static String markerKey(String messageId, com.mangaassist.shared.domain.Role role) {
        return "m#" + messageId + "#" + role.wireName();
    }

    /** Creates the table for local runs and tests (production tables come from the CDK stack). */
    public static void createIfMissing(DynamoDbClient client, String table) {
        try {
            client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build()));
        } catch (ResourceInUseException alreadyThere) {
            // idempotent by design: the local stack calls this on every start
        }
    }
}
