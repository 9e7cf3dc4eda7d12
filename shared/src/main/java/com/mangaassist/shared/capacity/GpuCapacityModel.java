package com.mangaassist.shared.capacity;

/**
 * vLLM's memory arithmetic: of {@code VRAM × gpu-memory-utilization}, the weights and the
 * activation reserve come off first, and what is left is divided into KV blocks of
 * {@code blockSize} tokens. The simulated engine draws its KV pool from this, and infra engineers
 * run it on its own ({@code capacity} command) to size instances. docs/gpu-capacity.md compares it
 * with the seeds' figures.
 *
 * <p>With tensor parallelism over {@code n} GPUs each GPU holds {@code 1/n} of the weights and of
 * every layer's KV heads, and keeps its own activation reserve: the KV budget is the sum of the
 * GPUs' budgets, and a token's KV still costs the whole model's bytes, spread across them.
 */
public final class GpuCapacityModel {

    private GpuCapacityModel() {
    }

    public static CapacityEstimate estimate(CapacityInputs in) {
        long weights = (long) Math.ceil(in.model().paramsBillions() * 1e9 * in.format().bytesPerParam());
        int gpus = in.tensorParallelSize();
        long usablePerGpu = (long) Math.floor(in.gpu().vramBytes() * in.gpuMemoryUtilization());
        long kvBudget = gpus * Math.max(0, usablePerGpu - (weights + gpus - 1) / gpus - in.activationReserve());
        long perToken = 2L * in.model().layers() * in.model().kvHeads() * in.model().headDim() * in.kvDtypeBytes();
        long blocks = kvBudget / (perToken * in.blockSize());
        return new CapacityEstimate(in, weights, kvBudget, perToken, blocks);
    }
}
