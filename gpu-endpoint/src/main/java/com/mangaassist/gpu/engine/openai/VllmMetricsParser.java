package com.mangaassist.gpu.engine.openai;

import com.mangaassist.gpu.engine.PrefixCacheStats;

import com.mangaassist.gpu.engine.EngineStats;

/**
 * Reads the engine's load from vLLM's Prometheus text at {@code /metrics}: requests running and
 * waiting, the share of KV-cache blocks in use, and the preemptions counter. Unknown series leave the value unknown;
 * several series of one name (one per model or adapter) are summed.
 */
final class VllmMetricsParser {

    private VllmMetricsParser() {
    }

    static EngineStats parse(String text, int maxRunning) {
        double[] running = {0};
        double[] waiting = {0};
        double[] kvUsage = {Double.NaN};
        double[] preemptions = {0};
        boolean[] sawRunning = {false};
        forEachSample(text, (name, value) -> {
            switch (name) {
                case "vllm:num_requests_running" -> {
                    running[0] += value;
                    sawRunning[0] = true;
                }
                case "vllm:num_requests_waiting" -> waiting[0] += value;
                // vLLM 0.6 names it gpu_cache_usage_perc; later versions kv_cache_usage_perc. Both are 0..1.
                case "vllm:gpu_cache_usage_perc", "vllm:kv_cache_usage_perc" ->
                        kvUsage[0] = Double.isNaN(kvUsage[0]) ? value : Math.max(kvUsage[0], value);
                case "vllm:num_preemptions_total" -> preemptions[0] += value;
                default -> { }
            }
        });
        return sawRunning[0] ? new EngineStats((int) running[0], (int) waiting[0], maxRunning, kvUsage[0], (long) preemptions[0])
                : new EngineStats(0, 0, maxRunning, kvUsage[0], (long) preemptions[0]);
    }

    /**
     * vLLM's prefix-cache counters, in tokens: {@code vllm:prefix_cache_queries} and
     * {@code vllm:prefix_cache_hits} (V1 engine; exported with a {@code _total} suffix).
     */
    static PrefixCacheStats prefixCache(String text) {
        double[] queries = {0};
        double[] hits = {0};
        forEachSample(text, (name, value) -> {
            switch (name) {
                case "vllm:prefix_cache_queries_total", "vllm:prefix_cache_queries" -> queries[0] += value;
                case "vllm:prefix_cache_hits_total", "vllm:prefix_cache_hits" -> hits[0] += value;
                default -> { }
            }
        });
        return new PrefixCacheStats((long) queries[0], (long) hits[0]);
    }

    /** Each sample line's metric name and value, comments and unreadable values left out. */
    private static void forEachSample(String text, java.util.function.ObjDoubleConsumer<String> sample) {
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            double value = value(line);
            if (!Double.isNaN(value)) {
                sample.accept(line.substring(0, nameEnd(line)), value);
            }
        }
    }

    private static int nameEnd(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '{' || c == ' ') {
                return i;
            }
        }
        return line.length();
    }

    private static double value(String line) {
        int space = line.lastIndexOf(' ');
        if (space < 0) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(line.substring(space + 1).strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
