package com.mangaassist.knowledge.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One document as the index holds it: its fields (without the vector), the text its vector is made
 * from, and the hash of both, which decides whether anything changed since the live index was built.
 *
 * @param kind {@code catalog} or {@code policy}
 */
public record IndexedDocument(String id, String kind, String title, ObjectNode fields, String embeddingText, String contentHash) {

    public IndexedDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(embeddingText, "embeddingText");
        Objects.requireNonNull(contentHash, "contentHash");
    }
}
