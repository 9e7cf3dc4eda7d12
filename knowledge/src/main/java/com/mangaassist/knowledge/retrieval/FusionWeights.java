package com.mangaassist.knowledge.retrieval;

/**
 * How much each list counts in the hybrid fusion, per language, as the eval measured it (ADR 0026,
 * ADR 0030): the embedding model is English-only, so for Japanese its list mostly adds noise and
 * counts less; a series the message names (title, alias, author) counts most; the series having the
 * genre, demographic or status the message names count more than the message's words alone. For
 * "something like X", the series sharing X's genres, demographic and tags decide; the series
 * nearest to X's own vector and the message's other words only break ties (a synopsis embedding
 * says more about plot words than about kind: "Delicious in Dungeon" is nearest to cooking manga).
 * A tag the message names as a phrase ("magical girl") counts as a named facet does; for "what else
 * did its creator make?", the creators' other works count as much as likeness does for "like X".
 */
public record FusionWeights(double lexical, double vector, double named, double facets, double tagPhrases, double sharingFacets,
        double nearAnchor, double messageWhenSimilar, double creatorsWorks) {

    public static FusionWeights forLanguage(String language) {
        return "ja".equals(language) ? new FusionWeights(1.0, 0.25, 2.0, 1.5, 1.5, 3.0, 0.3, 0.1, 3.0)
                : new FusionWeights(1.0, 1.0, 2.0, 1.5, 1.5, 3.0, 0.3, 0.1, 3.0);
    }
}
