package com.mangaassist.knowledge.retrieval;

/**
 * How much each list counts in the hybrid fusion, per language, as the eval measured it (ADR 0026):
 * the embedding model is English-only, so for Japanese its list mostly adds noise and counts less;
 * a series the message names (title, alias, author) counts most; for "something like X", the
 * documents nearest to X's own vector do; the series having the genre, demographic or status the
 * message names count more than the message's words alone.
 */
public record FusionWeights(double lexical, double vector, double named, double similar, double messageWhenSimilar, double facets) {

    public static FusionWeights forLanguage(String language) {
        return "ja".equals(language) ? new FusionWeights(1.0, 0.25, 2.0, 3.0, 0.3, 1.5) : new FusionWeights(1.0, 1.0, 2.0, 3.0, 0.3, 1.5);
    }
}
