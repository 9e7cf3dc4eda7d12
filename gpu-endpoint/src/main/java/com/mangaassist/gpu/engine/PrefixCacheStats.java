package com.mangaassist.gpu.engine;

/**
 * The engine's automatic prefix caching, cumulative since it started, in prompt tokens (vLLM's
 * {@code prefix_cache_queries} and {@code prefix_cache_hits}): what share of the prompts it
 * prefilled it found already in its KV cache.
 *
 * @param queriedTokens prompt tokens looked up
 * @param hitTokens     of those, tokens found cached (their prefill was skipped)
 */
public record PrefixCacheStats(long queriedTokens, long hitTokens) {

    public static final PrefixCacheStats UNKNOWN = new PrefixCacheStats(0, 0);

    /** Hits over queries, 0 before any query. */
    public double hitRate() {
        return queriedTokens == 0 ? 0 : (double) hitTokens / queriedTokens;
    }
}
