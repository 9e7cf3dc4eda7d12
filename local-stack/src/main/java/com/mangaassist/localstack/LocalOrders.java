package com.mangaassist.localstack;

import com.mangaassist.knowledge.documents.CatalogEntry;
import com.mangaassist.pipeline.grounding.Order;
import com.mangaassist.pipeline.grounding.OrdersTableSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Generated orders for the dev principals, so "where is my last order?" has an answer locally. Each
 * principal's orders come from its own seeded generator (same principal, same orders on every
 * start) over real catalog series, with statuses from processing to delivered and placement times
 * relative to now, so "my last order" is a recent one. Every principal's order ids carry its own
 * prefix: a leak between principals is visible at a glance.
 */
final class LocalOrders {

    /** The chat page's default token is {@code dev-user}; the others are for trying a second person. */
    static final List<String> PRINCIPALS = List.of("user", "alice", "bob");
    private static final List<String> CARRIERS = List.of("Japan Post Yu-Packet", "Yamato Transport");
    private static final int ORDERS_EACH = 4;

    private LocalOrders() {
    }

    /** Writes every dev principal's orders (a put per order: re-seeding replaces, never duplicates); returns how many. */
    static int seed(DynamoDbClient dynamo, String table, List<CatalogEntry> catalog, Clock clock) {
        OrdersTableSchema.createIfMissing(dynamo, table);
        int written = 0;
        for (String principal : PRINCIPALS) {
            for (Order order : ordersOf(principal, catalog, clock.instant())) {
                dynamo.putItem(b -> b.tableName(table).item(OrdersTableSchema.item(principal, order)));
                written++;
            }
        }
        return written;
    }

    static List<Order> ordersOf(String principal, List<CatalogEntry> catalog, Instant now) {
        Random random = new Random(principal.hashCode());
        String prefix = "MA-" + principal.substring(0, 1).toUpperCase(Locale.ROOT) + Integer.toHexString(principal.hashCode() & 0xfff)
                .toUpperCase(Locale.ROOT);
        Order.Status[] statuses = {Order.Status.DELIVERED, Order.Status.DELIVERED, Order.Status.PREORDERED, Order.Status.SHIPPED};
        List<Order> orders = new ArrayList<>();
        for (int n = 0; n < ORDERS_EACH; n++) {
            // Oldest first: about a month apart, the newest placed a day or two ago.
            Instant placed = now.minus(Duration.ofDays((ORDERS_EACH - n) * 9L - 7 + random.nextInt(2))).minus(Duration.ofMinutes(random.nextInt(600)));
            LocalDate placedDay = placed.atZone(ZoneOffset.UTC).toLocalDate();
            List<Order.Item> items = new ArrayList<>();
            long total = 0;
            for (int i = 0, count = 1 + random.nextInt(3); i < count; i++) {
                CatalogEntry series = catalog.get(random.nextInt(catalog.size()));
                String format = series.formats().contains(CatalogEntry.Format.PRINT) && random.nextBoolean() ? "print" : "digital";
                long price = "print".equals(format) ? 594 + 66L * random.nextInt(5) : 528 + 55L * random.nextInt(4);
                items.add(new Order.Item(series.id(), series.title().en(), series.title().ja(), 1 + random.nextInt(Math.max(1, series.volumes())),
                        format, 1, price));
                total += price;
            }
            total += total >= 5000 ? 0 : 550;
            Order.Status status = statuses[n];
            String carrier = status == Order.Status.SHIPPED || status == Order.Status.DELIVERED ? CARRIERS.get(random.nextInt(CARRIERS.size())) : null;
            String tracking = carrier == null ? null : String.format("%04d-%04d-%04d", random.nextInt(10_000), random.nextInt(10_000), random.nextInt(10_000));
            LocalDate expected = switch (status) {
                case SHIPPED -> placedDay.plusDays(3);
                case PREORDERED -> placedDay.plusDays(20 + random.nextInt(20));
                default -> null;
            };
            LocalDate delivered = status == Order.Status.DELIVERED ? placedDay.plusDays(2 + random.nextInt(2)) : null;
            orders.add(new Order(prefix + "-" + (1001 + n), placed, status, items, total, carrier, tracking, expected, delivered));
        }
        return orders;
    }
}
