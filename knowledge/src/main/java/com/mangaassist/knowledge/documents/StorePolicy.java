package com.mangaassist.knowledge.documents;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One document of the store's policies (data/store/policies.jsonl, schema version
 * {@value #SCHEMA_VERSION}): each exists in Japanese and English under {@code <slug>-ja} and
 * {@code <slug>-en}, with the same facts.
 *
 * @param language {@code ja} or {@code en}
 * @param updated  when the policy last changed (answers quote the policy in force)
 */
public record StorePolicy(String id, Topic topic, String language, String title, String body, LocalDate updated) {

    public static final int SCHEMA_VERSION = 1;

    public StorePolicy {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(updated, "updated");
    }

    /** {@code shipping-domestic-en} → {@code shipping-domestic}: the document both languages share. */
    public String slug() {
        return id.substring(0, id.length() - language.length() - 1);
    }

    public enum Topic { SHIPPING, RETURNS, PRE_ORDERS, PAYMENT, DIGITAL, AGE_RATINGS, ACCOUNT, ORDERS, GIFT, STOCK }
}
