package com.mangaassist.shared.contract;

import com.mangaassist.shared.domain.ModelTier;

/**
 * The vLLM settings a GPU tier's engine runs with, defined once (ADR 0038): the CDK app gives them to
 * the SageMaker model twice — to vLLM ({@code VLLM_*}) and to the front, whose saturation figure
 * divides by the same batch limit — and the gpu-endpoint's capacity test holds them to what the
 * tier's GPU can hold in its KV cache.
 *
 * @param maxNumSeqs          sequences in one running batch ({@code --max-num-seqs})
 * @param maxModelLen         the longest prompt plus output ({@code --max-model-len})
 * @param maxNumBatchedTokens tokens one engine step may schedule, prefill chunks included ({@code --max-num-batched-tokens})
 * @param tensorParallelSize  GPUs one model copy is split across ({@code --tensor-parallel-size}): all of the instance's
 */
public record EngineSettings(int maxNumSeqs, int maxModelLen, int maxNumBatchedTokens, int tensorParallelSize) {

    /**
     * The small tier: Llama-3-8B AWQ on one A10G (ml.g5.2xlarge). 32 sequences: the KV cache holds 31
     * of 4,096 tokens and 83 of 1,536 (GpuCapacityModel), so a full batch is preempted (one sequence)
     * only when every conversation in it is at the full context at once; the seed's 128 is an A100
     * figure (113–134 at 4,096 tokens). 8,192 batched tokens: the seed's, two whole prompts of the
     * longest kind per step.
     */
    public static final EngineSettings SMALL = new EngineSettings(32, 4096, 8192, 1);

    /**
     * The large tier: Llama-3-70B AWQ split over the four A10Gs of one ml.g5.12xlarge (ADR 0039). 16
     * sequences: the four KV caches together hold 16 of 8,192 tokens (GpuCapacityModel), so a full
     * batch at the full context is never preempted; at 1,536 tokens they hold 87, and the batch limit
     * binds. (One A10G cannot hold the 70B weights at all.) The routing table gives this tier an 8,192-token context; one step schedules one whole
     * prompt of the longest kind.
     */
    public static final EngineSettings LARGE = new EngineSettings(16, 8192, 8192, 4);

    public EngineSettings {
        if (maxNumSeqs < 1 || maxModelLen < 1 || maxNumBatchedTokens < maxModelLen) {
            throw new IllegalArgumentException("engine settings need a batch, a context, and a step budget no smaller than one whole context");
        }
        if (tensorParallelSize < 1 || Integer.bitCount(tensorParallelSize) != 1) {
            throw new IllegalArgumentException("tensorParallelSize must be a power of two (vLLM splits attention heads evenly), got "
                    + tensorParallelSize);
        }
    }

    /** The settings of a model tier. */
    public static EngineSettings of(ModelTier tier) {
        return tier == ModelTier.LARGE ? LARGE : SMALL;
    }
}
