package com.mangaassist.pipeline.grounding;

import com.mangaassist.knowledge.retrieval.RetrievalQuery;
import com.mangaassist.shared.grounding.Passage;
import java.util.List;

/**
 * Where a turn finds catalog series and store policies: at most {@code k} passages in the query's
 * language, best first. Blocking; {@link TurnGrounding} bounds it with the turn's deadline. Throws
 * when the engine refuses or cannot be reached.
 */
@FunctionalInterface
public interface KnowledgeRetriever {

    List<Passage> retrieve(RetrievalQuery query, int k);

    /**
     * Loads what the first turn would otherwise load (the embedding model's session, the search
     * path's classes), so that turn is not the one that misses its deadline. Never throws.
     */
    default void warm() {
    }
}
