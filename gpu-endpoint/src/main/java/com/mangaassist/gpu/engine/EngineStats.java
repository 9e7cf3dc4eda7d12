package com.mangaassist.gpu.engine;

/**
 * The engine's load, as exported in metrics and used for the endpoint's saturation signal.
 *
 * @param kvCacheUsage share of KV-cache blocks in use, 0..1 (NaN when the engine cannot tell)
 */
public record EngineStats(int running, int waiting, int maxRunning, double kvCacheUsage) {

    public static final EngineStats UNKNOWN = new EngineStats(0, 0, 0, Double.NaN);

    /** Running plus waiting over the batch limit: above 1 means requests queue in the engine. */
    public double saturation() {
        return maxRunning == 0 ? 0 : (double) (running + waiting) / maxRunning;
    }
}
