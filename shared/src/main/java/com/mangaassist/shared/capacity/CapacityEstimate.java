package com.mangaassist.shared.capacity;

/**
 * What fits on one GPU.
 *
 * @param weightBytes     model weights in GPU memory
 * @param kvBudgetBytes   memory left for the KV cache (0 when the weights do not even fit)
 * @param kvBytesPerToken KV memory one token of context holds
 * @param kvBlocks        KV blocks vLLM can allocate
 */
public record CapacityEstimate(CapacityInputs inputs, long weightBytes, long kvBudgetBytes, long kvBytesPerToken, long kvBlocks) {

    public long kvTokens() {
        return kvBlocks * inputs.blockSize();
    }

    /** Blocks one sequence of {@code tokens} (prompt plus output) occupies; its last block is partly empty. */
    public long blocksFor(int tokens) {
        return (tokens + inputs.blockSize() - 1) / inputs.blockSize();
    }

    /** How many sequences of {@code tokens} can be resident at once. */
    public long concurrentSequences(int tokens) {
        return tokens <= 0 ? 0 : kvBlocks / blocksFor(tokens);
    }

    /** KV memory one sequence of {@code tokens} holds, in whole blocks. */
    public long kvBytesFor(int tokens) {
        return blocksFor(tokens) * inputs.blockSize() * kvBytesPerToken;
    }
}
