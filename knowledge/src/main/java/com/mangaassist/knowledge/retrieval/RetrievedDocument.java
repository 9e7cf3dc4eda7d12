package com.mangaassist.knowledge.retrieval;

/**
 * One document a search returned, best first; {@code score} is the method's own (BM25, cosine, or
 * fused rank). No title: the first-stage searches read ids and kinds from doc values and never load
 * a document's source; {@link KnowledgeSearch#passages} fetches what is shown.
 */
public record RetrievedDocument(String id, String kind, double score) {
}
