package com.mangaassist.pipeline.grounding;

import com.mangaassist.knowledge.retrieval.KnowledgeSearch;
import com.mangaassist.knowledge.retrieval.RetrievalQuery;
import com.mangaassist.shared.grounding.Passage;
import java.util.List;

/** Hybrid retrieval over the live knowledge index (ADR 0026), then the top hits' passages in one fetch. */
public final class OpenSearchKnowledgeRetriever implements KnowledgeRetriever {

    /** One question per language and path (lexical, vector, facets): what a cold first turn would pay for. */
    private static final List<String> WARM_UP = List.of("completed sports manga like Slam Dunk", "おすすめのスポーツ漫画は？", "how much is shipping?");

    private final KnowledgeSearch search;

    public OpenSearchKnowledgeRetriever(KnowledgeSearch search) {
        this.search = search;
    }

    @Override
    public List<Passage> retrieve(RetrievalQuery query, int k) {
        return search.passages(search.hybrid(query, k), query.language());
    }

    @Override
    public void warm() {
        for (String text : WARM_UP) {
            try {
                retrieve(RetrievalQuery.of(text, null), 1);
            } catch (RuntimeException e) {
                // The engine may not be up yet; the embedder loaded and ran before the search was tried, which is the slow part.
                return;
            }
        }
    }
}
