package com.mangaassist.pipeline.grounding;

import com.mangaassist.shared.grounding.Passage;
import java.time.ZoneId;
import java.util.Locale;
import java.util.stream.Collectors;

/** An order as the model reads it: one plain sentence of facts in the asker's language, nothing the record does not say. */
final class OrderPassages {

    /** Order dates as the customer lives them: the store is in Japan. */
    private static final ZoneId STORE_ZONE = ZoneId.of("Asia/Tokyo");

    private OrderPassages() {
    }

    static Passage of(Order order, String language) {
        String placed = order.placedAt().atZone(STORE_ZONE).toLocalDate().toString();
        return "ja".equals(language)
                ? new Passage(order.orderId(), "order", "ご注文 " + order.orderId() + "（" + placed + "）", japanese(order, placed))
                : new Passage(order.orderId(), "order", "Order " + order.orderId() + " (" + placed + ")", english(order, placed));
    }

    private static String english(Order o, String placed) {
        String items = o.items().stream().map(i -> i.titleEn() + " vol. " + i.volume() + " (" + i.format() + ") x" + i.quantity())
                .collect(Collectors.joining(", "));
        String status = switch (o.status()) {
            case PROCESSING -> "being prepared, not shipped yet";
            case PREORDERED -> "pre-ordered, ships on release" + (o.expectedDelivery() == null ? "" : " (expected " + o.expectedDelivery() + ")");
            case SHIPPED -> "shipped by " + o.carrier() + ", tracking number " + o.trackingNumber()
                    + (o.expectedDelivery() == null ? "" : ", expected delivery " + o.expectedDelivery());
            case DELIVERED -> "delivered on " + o.deliveredOn() + " by " + o.carrier();
            case CANCELLED -> "cancelled";
        };
        return "Placed " + placed + ". Status: " + status + ". Items: " + items + ". Total " + String.format(Locale.ROOT, "%,d", o.totalJpy())
                + " JPY.";
    }

    private static String japanese(Order o, String placed) {
        String items = o.items().stream().map(i -> i.titleJa() + " " + i.volume() + "巻（" + ("digital".equals(i.format()) ? "電子" : "紙") + "）×"
                + i.quantity()).collect(Collectors.joining("、"));
        String status = switch (o.status()) {
            case PROCESSING -> "発送準備中（未発送）";
            case PREORDERED -> "予約注文（発売日に発送" + (o.expectedDelivery() == null ? "" : "、お届け予定 " + o.expectedDelivery()) + "）";
            case SHIPPED -> o.carrier() + "で発送済み、追跡番号 " + o.trackingNumber() + (o.expectedDelivery() == null ? "" : "、お届け予定 " + o.expectedDelivery());
            case DELIVERED -> o.deliveredOn() + "に" + o.carrier() + "がお届け済み";
            case CANCELLED -> "キャンセル済み";
        };
        return "ご注文日 " + placed + "。状況: " + status + "。商品: " + items + "。合計 " + String.format(Locale.ROOT, "%,d", o.totalJpy()) + "円。";
    }
}
