package com.mangaassist.knowledge.retrieval;

/** One document a search returned, best first; {@code score} is the method's own (BM25, cosine, or fused rank). */
public record RetrievedDocument(String id, String kind, String title, double score) {
}
