package com.mangaassist.knowledge.documents;

import java.util.List;

/**
 * What reading a set of knowledge files found: the documents, and every refusal. A batch with any
 * error is refused whole — ingestion publishes nothing of it — so a half-valid catalog never
 * serves (the caller checks {@link #valid()}).
 */
public record DocumentBatch<T>(List<T> documents, List<DocumentError> errors) {

    public DocumentBatch {
        documents = List.copyOf(documents);
        errors = List.copyOf(errors);
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
