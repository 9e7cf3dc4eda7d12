package com.mangaassist.gpu.engine;

/**
 * The engine's load, as exported in metrics and used for the endpoint's saturation signal.
 *
 * @param kvCacheUsage share of KV-cache blocks in use, 0..1 (NaN when the engine cannot tell)
 * @param preemptions  sequences the engine preempted since it started (a running sequence found no
 *                     free KV block and was swapped or recomputed): cumulative, 0 when unknown
 */
public record EngineStats(int running, int waiting, int maxRunning, double kvCacheUsage, long preemptions) {

    public static final EngineStats UNKNOWN = new EngineStats(0, 0, 0, Double.NaN, 0);

    /** Before the first reading: the batch limit is known, the load is not. */
    public static EngineStats idle(int maxRunning) {
        return new EngineStats(0, 0, maxRunning, Double.NaN, 0);
    }

    /** Running plus waiting over the batch limit: above 1 means requests queue in the engine. */
    public double saturation() {
        return maxRunning == 0 ? 0 : (double) (running + waiting) / maxRunning;
    }
}
