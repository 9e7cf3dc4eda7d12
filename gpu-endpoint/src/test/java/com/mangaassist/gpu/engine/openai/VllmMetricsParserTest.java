package com.mangaassist.gpu.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.gpu.engine.EngineStats;
import com.mangaassist.gpu.engine.PrefixCacheStats;
import org.junit.jupiter.api.Test;

/** vLLM's Prometheus text as its /metrics serves it, read into the engine's load and its prefix-cache counters. */
class VllmMetricsParserTest {

    private static final String METRICS = """
            # HELP vllm:num_requests_running Number of requests in model execution batches.
            vllm:num_requests_running{model_name="m"} 12.0
            vllm:num_requests_waiting{model_name="m"} 3.0
            vllm:kv_cache_usage_perc{model_name="m"} 0.42
            vllm:num_preemptions_total{model_name="m"} 7.0
            vllm:prefix_cache_queries_total{model_name="m"} 12000.0
            vllm:prefix_cache_hits_total{model_name="m"} 9000.0
            vllm:prefix_cache_hits_total{model_name="chatbot-ja"} 600.0
            vllm:broken{model_name="m"} not-a-number
            """;

    @Test
    void parse_readsTheLoadAndSumsSeriesOfOneName() {
        EngineStats stats = VllmMetricsParser.parse(METRICS, 32);

        assertThat(stats).isEqualTo(new EngineStats(12, 3, 32, 0.42, 7));
    }

    @Test
    void prefixCache_readsQueriesAndHitsInTokens() {
        PrefixCacheStats prefix = VllmMetricsParser.prefixCache(METRICS);

        assertThat(prefix).isEqualTo(new PrefixCacheStats(12_000, 9_600));
        assertThat(prefix.hitRate()).isEqualTo(0.8);
    }

    @Test
    void prefixCache_whenAnOlderVllmExportsNoCounters_isZero() {
        assertThat(VllmMetricsParser.prefixCache("vllm:num_requests_running 1.0\n")).isEqualTo(PrefixCacheStats.UNKNOWN);
    }
}
