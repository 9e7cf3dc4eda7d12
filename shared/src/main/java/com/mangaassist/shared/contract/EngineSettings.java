package com.mangaassist.shared.contract;

/**
 * The vLLM settings a GPU tier's engine runs with, defined once (ADR 0038): the CDK app gives them to
 * the SageMaker model twice — to vLLM ({@code VLLM_*}) and to the front, whose saturation figure
 * divides by the same batch limit — and the gpu-endpoint's capacity test holds them to what the
 * tier's GPU can hold in its KV cache.
 *
 * @param maxNumSeqs          sequences in one running batch ({@code --max-num-seqs})
 * @param maxModelLen         the longest prompt plus output ({@code --max-model-len})
 * @param maxNumBatchedTokens tokens one engine step may schedule, prefill chunks included ({@code --max-num-batched-tokens})
 */
public record EngineSettings(int maxNumSeqs, int maxModelLen, int maxNumBatchedTokens) {

    /**
     * The small tier: Llama-3-8B AWQ on one A10G (ml.g5.2xlarge). 32 sequences: the KV cache holds 31
     * of 4,096 tokens and 83 of 1,536 (GpuCapacityModel), so a full batch is preempted (one sequence)
     * only when every conversation in it is at the full context at once; the seed's 128 is an A100
     * figure (113–134 at 4,096 tokens). 8,192 batched tokens: the seed's, two whole prompts of the
     * longest kind per step.
     */
    public static final EngineSettings SMALL = new EngineSettings(32, 4096, 8192);

    public EngineSettings {
        if (maxNumSeqs < 1 || maxModelLen < 1 || maxNumBatchedTokens < maxModelLen) {
            throw new IllegalArgumentException("engine settings need a batch, a context, and a step budget no smaller than one whole context");
        }
    }
}
