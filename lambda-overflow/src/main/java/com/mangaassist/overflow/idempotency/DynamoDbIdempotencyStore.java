package com.mangaassist.overflow.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * {@link IdempotencyStore} in the idempotency table (partition key {@code id}, TTL attribute
 * {@code expiresAt}; see infra-cdk's DataStores). Modelled on Powertools' DynamoDB persistence
 * store, whose module does not resolve here: a claim is one conditional put that succeeds only
 * for a new id or an in-progress record whose holder's deadline passed.
 */
public final class DynamoDbIdempotencyStore implements IdempotencyStore {

    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String COMPLETED = "COMPLETED";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration retention;

    public DynamoDbIdempotencyStore(DynamoDbClient dynamo, String table, Clock clock, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public Claim claim(String id, Duration holdFor) {
        long now = clock.millis();
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("id", s(id), "status", s(IN_PROGRESS), "inProgressUntil", n(now + holdFor.toMillis()), "expiresAt", n(expiresAt(now))))
                    .conditionExpression("attribute_not_exists(id) OR (#status = :inProgress AND inProgressUntil < :now)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":inProgress", s(IN_PROGRESS), ":now", n(now))));
            return new Claim.Claimed();
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of("id", s(id)))).item();
            return item != null && item.containsKey("status") && COMPLETED.equals(item.get("status").s())
                    ? new Claim.AlreadyCompleted() : new Claim.InProgressElsewhere();
        }
    }

    @Override
    public void complete(String id) {
        long now = clock.millis();
        dynamo.putItem(b -> b.tableName(table).item(Map.of("id", s(id), "status", s(COMPLETED), "expiresAt", n(expiresAt(now)))));
    }

    @Override
    public void release(String id) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of("id", s(id))).conditionExpression("#status = :inProgress")
                    .expressionAttributeNames(Map.of("#status", "status")).expressionAttributeValues(Map.of(":inProgress", s(IN_PROGRESS))));
        } catch (ConditionalCheckFailedException alreadyCompleted) {
            // someone finished it meanwhile: nothing to release
        }
    }

    /** Local runs and tests only: in AWS the table belongs to the CDK stack. */
    public static void createIfMissing(DynamoDbClient dynamo, String table) {
        try {
            dynamo.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
                    .keySchema(k -> k.attributeName("id").keyType("HASH"))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType("S")));
        } catch (ResourceInUseException exists) {
            // already there
        }
    }

    private long expiresAt(long nowMillis) {
        return (nowMillis + retention.toMillis()) / 1000;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
