package com.mangaassist.pipeline.grounding;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Orders for tests: each principal's carry ids and titles no other principal's do, so a leak is visible anywhere. */
final class Orders {

    private Orders() {
    }

    static Order shipped(String orderId, String placedAt, String title) {
        return new Order(orderId, Instant.parse(placedAt), Order.Status.SHIPPED,
                List.of(new Order.Item("series-" + orderId, title, title + "（和）", 3, "print", 1, 726)), 1276, "Yamato Transport",
                "TRACK-" + orderId, LocalDate.parse("2026-12-09"), null);
    }
}
