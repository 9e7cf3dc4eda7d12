package com.mangaassist.gpu.engine.simulated;

import com.mangaassist.gpu.capacity.CapacityInputs;
import com.mangaassist.gpu.capacity.GpuSpec;
import com.mangaassist.gpu.capacity.ModelSpec;
import com.mangaassist.gpu.capacity.WeightFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * The simulated GPU: memory from the capacity model, timings from a simple continuous-batching
 * model. A decode step for one sequence takes {@code decodePerToken × (1 + batchSlowdown ×
 * (running − 1))}, so throughput per GPU grows with the batch while each sequence slows down.
 *
 * @param firstShapeCost extra time the first request of a prompt-size bucket pays (kernel
 *                       selection, CUDA-graph capture); warmup exists to pay it before traffic
 */
public record SimulatedGpuConfig(
        CapacityInputs capacity,
        int maxNumSeqs,
        int maxModelLen,
        Duration loadTime,
        Duration firstShapeCost,
        Duration prefillPerToken,
        Duration decodePerToken,
        double batchSlowdown) {

    public SimulatedGpuConfig {
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(loadTime, "loadTime");
        Objects.requireNonNull(firstShapeCost, "firstShapeCost");
        Objects.requireNonNull(prefillPerToken, "prefillPerToken");
        Objects.requireNonNull(decodePerToken, "decodePerToken");
        if (maxNumSeqs < 1 || maxModelLen < 64 || batchSlowdown < 0) {
            throw new IllegalArgumentException("need maxNumSeqs >= 1, maxModelLen >= 64, batchSlowdown >= 0");
        }
    }

    /** A Llama-3-8B AWQ on an A10G: what the local stack runs, paced like the real thing. */
    public static SimulatedGpuConfig localDefaults() {
        return new SimulatedGpuConfig(CapacityInputs.of(GpuSpec.A10G_24GB, ModelSpec.LLAMA_3_8B, WeightFormat.AWQ_INT4),
                32, 8192, Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofNanos(50_000), Duration.ofMillis(12), 0.02);
    }

    /** Same memory, no waiting: for tests that are about behaviour, not time. */
    public static SimulatedGpuConfig instant(CapacityInputs capacity, int maxNumSeqs, int maxModelLen) {
        return new SimulatedGpuConfig(capacity, maxNumSeqs, maxModelLen, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
    }

    public SimulatedGpuConfig withLoadTime(Duration value) {
        return new SimulatedGpuConfig(capacity, maxNumSeqs, maxModelLen, value, firstShapeCost, prefillPerToken, decodePerToken, batchSlowdown);
    }

    public SimulatedGpuConfig withDecodePerToken(Duration value) {
        return new SimulatedGpuConfig(capacity, maxNumSeqs, maxModelLen, loadTime, firstShapeCost, prefillPerToken, value, batchSlowdown);
    }
}
