package com.mangaassist.pipeline.grounding;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One customer order as the orders table holds it.
 *
 * @param carrier           who delivers it, once shipped; {@code null} before
 * @param trackingNumber    the carrier's tracking number, once shipped; {@code null} before
 * @param expectedDelivery  the carrier's estimate, or a pre-order's release date; {@code null} when unknown
 * @param deliveredOn       when it was delivered; {@code null} until then
 */
public record Order(String orderId, Instant placedAt, Status status, List<Item> items, long totalJpy, String carrier, String trackingNumber,
                    LocalDate expectedDelivery, LocalDate deliveredOn) {

    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(placedAt, "placedAt");
        Objects.requireNonNull(status, "status");
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("an order has at least one item");
        }
    }

    public enum Status { PROCESSING, PREORDERED, SHIPPED, DELIVERED, CANCELLED }

    /** One line of an order: a volume of a series in a format. */
    public record Item(String seriesId, String titleEn, String titleJa, int volume, String format, int quantity, long priceJpy) {

        public Item {
            Objects.requireNonNull(seriesId, "seriesId");
            Objects.requireNonNull(titleEn, "titleEn");
            Objects.requireNonNull(titleJa, "titleJa");
            Objects.requireNonNull(format, "format");
            if (volume < 1 || quantity < 1 || priceJpy < 0) {
                throw new IllegalArgumentException("an item has a volume and a quantity of at least 1 and a price");
            }
        }
    }
}
