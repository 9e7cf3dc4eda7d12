package com.mangaassist.gpu.engine.simulated;

import com.mangaassist.shared.capacity.CapacityInputs;
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

    /** Same memory, no waiting: for tests that are about behaviour, not time. */
    public static SimulatedGpuConfig instant(CapacityInputs capacity, int maxNumSeqs, int maxModelLen) {
        return new SimulatedGpuConfig(capacity, maxNumSeqs, maxModelLen, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
    }

}
