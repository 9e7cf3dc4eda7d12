package com.mangaassist.pipeline.grounding;

import com.mangaassist.shared.contract.OrdersTable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The orders table's item layout, shared by the lookup, the local seed and the tests (the CDK app
 * creates the table from {@link OrdersTable}'s key names). One partition per customer, keyed by
 * principal; the sort key {@code <placedAt>#<orderId>} orders a customer's orders by time.
 */
public final class OrdersTableSchema {

    private OrdersTableSchema() {
    }

    /** Whole seconds, always written the same width, so the sort key's text order is time order. */
    public static String orderKey(Order order) {
        return order.placedAt().truncatedTo(ChronoUnit.SECONDS) + "#" + order.orderId();
    }

    public static Map<String, AttributeValue> item(String principal, Order order) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(OrdersTable.PK, s(principal));
        item.put(OrdersTable.SK, s(orderKey(order)));
        item.put("orderId", s(order.orderId()));
        item.put("placedAt", s(order.placedAt().toString()));
        item.put("status", s(order.status().name().toLowerCase(Locale.ROOT)));
        item.put("totalJpy", n(order.totalJpy()));
        item.put("items", AttributeValue.fromL(order.items().stream().map(i -> AttributeValue.fromM(Map.of("seriesId", s(i.seriesId()),
                "titleEn", s(i.titleEn()), "titleJa", s(i.titleJa()), "volume", n(i.volume()), "format", s(i.format()), "quantity", n(i.quantity()),
                "priceJpy", n(i.priceJpy())))).toList()));
        if (order.carrier() != null) {
            item.put("carrier", s(order.carrier()));
        }
        if (order.trackingNumber() != null) {
            item.put("trackingNumber", s(order.trackingNumber()));
        }
        if (order.expectedDelivery() != null) {
            item.put("expectedDelivery", s(order.expectedDelivery().toString()));
        }
        if (order.deliveredOn() != null) {
            item.put("deliveredOn", s(order.deliveredOn().toString()));
        }
        return item;
    }

    public static Order order(Map<String, AttributeValue> item) {
        List<Order.Item> items = item.get("items").l().stream().map(AttributeValue::m).map(i -> new Order.Item(i.get("seriesId").s(),
                i.get("titleEn").s(), i.get("titleJa").s(), Integer.parseInt(i.get("volume").n()), i.get("format").s(),
                Integer.parseInt(i.get("quantity").n()), Long.parseLong(i.get("priceJpy").n()))).toList();
        return new Order(item.get("orderId").s(), Instant.parse(item.get("placedAt").s()),
                Order.Status.valueOf(item.get("status").s().toUpperCase(Locale.ROOT)), items, Long.parseLong(item.get("totalJpy").n()),
                text(item, "carrier"), text(item, "trackingNumber"), date(item, "expectedDelivery"), date(item, "deliveredOn"));
    }

    /** Creates the table for local runs and tests (in AWS it belongs to the CDK stack). */
    public static void createIfMissing(DynamoDbClient client, String table) {
        try {
            client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(OrdersTable.PK).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(OrdersTable.SK).attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(OrdersTable.PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(OrdersTable.SK).keyType(KeyType.RANGE).build()));
            client.waiter().waitUntilTableExists(b -> b.tableName(table));
        } catch (ResourceInUseException e) {
            // Another process created it first.
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? item.get(name).s() : null;
    }

    private static LocalDate date(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? LocalDate.parse(item.get(name).s()) : null;
    }
}
