package com.mangaassist.shared.capacity;

import java.util.Objects;

/**
 * What vLLM's memory profiler works from.
 *
 * @param gpuMemoryUtilization share of VRAM vLLM may use (seeds: 0.92)
 * @param activationReserve    peak activations, CUDA graphs and allocator slack measured at
 *                             start-up, which the KV cache cannot use
 * @param kvDtypeBytes         bytes per KV element (2 for FP16/BF16, 1 for an FP8 cache)
 * @param blockSize            tokens per KV block (PagedAttention; seeds: 16)
 * @param tensorParallelSize   GPUs of {@code gpu}'s kind one model copy is split across: each holds its share of the
 *                             weights and of the KV heads, and its own activation reserve
 */
public record CapacityInputs(GpuSpec gpu, ModelSpec model, WeightFormat format, double gpuMemoryUtilization,
                             long activationReserve, int kvDtypeBytes, int blockSize, int tensorParallelSize) {

    public static final long DEFAULT_ACTIVATION_RESERVE = 2L * GpuSpec.GIB;

    public CapacityInputs {
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(format, "format");
        if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
            throw new IllegalArgumentException("gpuMemoryUtilization must be within (0, 1]");
        }
        if (activationReserve < 0 || kvDtypeBytes < 1 || blockSize < 1) {
            throw new IllegalArgumentException("reserve must be non-negative, dtype and block size positive");
        }
        if (tensorParallelSize < 1 || model.kvHeads() % tensorParallelSize != 0 && tensorParallelSize % model.kvHeads() != 0) {
            throw new IllegalArgumentException("tensorParallelSize " + tensorParallelSize + " does not divide " + model.name() + "'s "
                    + model.kvHeads() + " KV heads");
        }
    }

    /** One GPU per model copy. */
    public CapacityInputs(GpuSpec gpu, ModelSpec model, WeightFormat format, double gpuMemoryUtilization, long activationReserve,
                          int kvDtypeBytes, int blockSize) {
        this(gpu, model, format, gpuMemoryUtilization, activationReserve, kvDtypeBytes, blockSize, 1);
    }

    /** The same inputs with one model copy split across {@code gpus} GPUs. */
    public CapacityInputs withTensorParallel(int gpus) {
        return new CapacityInputs(gpu, model, format, gpuMemoryUtilization, activationReserve, kvDtypeBytes, blockSize, gpus);
    }

    /** The seeds' vLLM settings: 0.92 utilization, FP16 KV cache, 16-token blocks, 2 GiB reserve. */
    public static CapacityInputs of(GpuSpec gpu, ModelSpec model, WeightFormat format) {
        return new CapacityInputs(gpu, model, format, 0.92, DEFAULT_ACTIVATION_RESERVE, 2, 16);
    }
}
