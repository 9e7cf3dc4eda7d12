package com.mangaassist.pipeline.grounding;

import com.mangaassist.shared.contract.OrdersTable;
import com.mangaassist.shared.grounding.Passage;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The caller's orders from the orders table: one {@code Query} whose key condition is the turn's
 * authenticated principal, newest first. There is no other read path in this class — no scan, no
 * lookup by order id — so an order id a message mentions can never fetch another customer's order.
 */
public final class DynamoDbOrderLookup implements OrderLookup {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbOrderLookup(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public List<Passage> recentOrders(String principal, String language, int limit) {
        if (limit == 0) {
            return List.of();
        }
        List<Map<String, AttributeValue>> items = dynamo.query(b -> b.tableName(table).keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", OrdersTable.PK)).expressionAttributeValues(Map.of(":p", AttributeValue.fromS(principal)))
                .scanIndexForward(false).limit(limit)).items();
        return items.stream().map(OrdersTableSchema::order).map(order -> OrderPassages.of(order, language)).toList();
    }
}
