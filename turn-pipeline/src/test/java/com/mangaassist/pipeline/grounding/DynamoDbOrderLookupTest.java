package com.mangaassist.pipeline.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.EmbeddedDynamoDb;
import com.mangaassist.shared.grounding.Passage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The order lookup on DynamoDB Local: the caller's own orders, newest first, and never anyone else's. */
class DynamoDbOrderLookupTest {

    private static EmbeddedDynamoDb dynamo;
    private static DynamoDbOrderLookup lookup;

    @BeforeAll
    static void start() {
        dynamo = EmbeddedDynamoDb.start();
        OrdersTableSchema.createIfMissing(dynamo.client(), "orders");
        OrdersTableSchema.createIfMissing(dynamo.client(), "orders"); // idempotent
        put("user-a", Orders.shipped("A-100", "2026-11-01T09:00:00Z", "Alpha Saga"));
        put("user-a", Orders.shipped("A-101", "2026-11-20T09:00:00.500Z", "Alpha Saga Two"));
        put("user-a", Orders.shipped("A-102", "2026-11-20T08:59:59Z", "Alpha Saga Three"));
        put("user-b", Orders.shipped("B-900", "2026-12-01T09:00:00Z", "Bravo Secret"));
        put("user-ab", Orders.shipped("AB-1", "2026-12-02T09:00:00Z", "Prefix Neighbour"));
        lookup = new DynamoDbOrderLookup(dynamo.client(), "orders");
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    private static void put(String principal, Order order) {
        dynamo.client().putItem(b -> b.tableName("orders").item(OrdersTableSchema.item(principal, order)));
    }

    @Test
    void recentOrders_whenTheCallerHasOrders_returnsOnlyTheirsNewestFirst() {
        List<Passage> passages = lookup.recentOrders("user-a", "en", 3);

        assertThat(passages).extracting(Passage::id).containsExactly("A-101", "A-102", "A-100");
        assertThat(passages).allSatisfy(p -> assertThat(p.kind()).isEqualTo("order"));
        assertThat(passages.get(0).text()).contains("Alpha Saga Two", "Yamato Transport", "TRACK-A-101").doesNotContain("Bravo", "B-900");
    }

    @Test
    void recentOrders_whenLimited_returnsTheNewestOnly() {
        assertThat(lookup.recentOrders("user-a", "ja", 1)).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("A-101");
            assertThat(p.text()).contains("Alpha Saga Two（和）", "発送済み");
        });
    }

    @Test
    void recentOrders_whenAPrincipalIsAPrefixOfAnother_neverReturnsTheOther() {
        assertThat(lookup.recentOrders("user-a", "en", 8)).extracting(Passage::id).doesNotContain("AB-1", "B-900");
        assertThat(lookup.recentOrders("user-", "en", 8)).isEmpty();
    }

    @Test
    void recentOrders_whenTheCallerHasNone_returnsNothing() {
        assertThat(lookup.recentOrders("user-c", "en", 3)).isEmpty();
    }

    @Test
    void order_whenWrittenAndRead_isTheSameOrder() {
        Order order = Orders.shipped("X-1", "2026-11-05T01:02:03Z", "Round Trip");

        assertThat(OrdersTableSchema.order(OrdersTableSchema.item("user-x", order))).isEqualTo(order);
    }
}
