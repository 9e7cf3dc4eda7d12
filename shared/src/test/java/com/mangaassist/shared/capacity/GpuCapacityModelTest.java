package com.mangaassist.shared.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.mangaassist.shared.contract.EngineSettings;
import org.junit.jupiter.api.Test;

class GpuCapacityModelTest {

    @Test
    void kvBytesPerToken_followsTheArchitecture() {
        // 2 (K and V) × 32 layers × 32 KV heads × 128 dims × 2 bytes = 512 KiB per token for Llama-2-7B.
        assertThat(estimate(GpuSpec.A100_80GB, ModelSpec.LLAMA_2_7B, WeightFormat.FP16).kvBytesPerToken()).isEqualTo(512 * 1024);
        // Grouped-query attention (8 KV heads) cuts it to a quarter.
        assertThat(estimate(GpuSpec.A100_80GB, ModelSpec.LLAMA_3_8B, WeightFormat.FP16).kvBytesPerToken()).isEqualTo(128 * 1024);
    }

    @Test
    void a100_llama2_7b_fp16_holdsAbout29FourKSequences() {
        CapacityEstimate e = estimate(GpuSpec.A100_80GB, ModelSpec.LLAMA_2_7B, WeightFormat.FP16);

        assertThat(e.weightBytes() / (double) GpuSpec.GIB).isCloseTo(12.6, within(0.1));
        assertThat(e.concurrentSequences(4096)).isEqualTo(29);
    }

    @Test
    void awq_raisesConcurrencyBecauseWeightsShrink_notTheKvCache() {
        CapacityEstimate fp16 = estimate(GpuSpec.A10G_24GB, ModelSpec.LLAMA_2_7B, WeightFormat.FP16);
        CapacityEstimate awq = estimate(GpuSpec.A10G_24GB, ModelSpec.LLAMA_2_7B, WeightFormat.AWQ_INT4);

        assertThat(awq.kvBytesPerToken()).isEqualTo(fp16.kvBytesPerToken());
        assertThat(awq.concurrentSequences(4096)).isGreaterThan(2 * fp16.concurrentSequences(4096));
    }

    @Test
    void seedsFigureOf85To90ConcurrentRequestsPerA100_matchesShortRequestsOnMhaOrLongOnGqa() {
        // The seeds' 85-90 fits Llama-2-7B AWQ at ~1.5k-token requests, or a GQA model at 4k tokens.
        assertThat(estimate(GpuSpec.A100_80GB, ModelSpec.LLAMA_2_7B, WeightFormat.AWQ_INT4).concurrentSequences(1536)).isBetween(80L, 95L);
        assertThat(estimate(GpuSpec.A100_80GB, ModelSpec.LLAMA_3_8B, WeightFormat.FP16).concurrentSequences(4096)).isGreaterThan(85);
    }

    @Test
    void smallTierEngineSettings_fitTheA10gKvCache() {
        // ADR 0038: the batch limit the CDK app gives vLLM on ml.g5.2xlarge, against what its KV cache holds.
        EngineSettings small = EngineSettings.SMALL;
        CapacityEstimate e = estimate(GpuSpec.A10G_24GB, ModelSpec.LLAMA_3_8B, WeightFormat.AWQ_INT4);

        // Every sequence of the batch at the full context at once: all but one fit (the engine would preempt that one).
        assertThat(e.concurrentSequences(small.maxModelLen())).isGreaterThanOrEqualTo(small.maxNumSeqs() - 1);
        // At a grounded turn's typical 1,536 tokens the batch limit binds long before memory does.
        assertThat(e.concurrentSequences(1536)).isGreaterThanOrEqualTo(2L * small.maxNumSeqs());
    }

    @Test
    void largeTierEngineSettings_fitTheKvCacheOfFourA10gs() {
        // ADR 0039: Llama-3-70B AWQ over the four A10Gs of an ml.g5.12xlarge.
        EngineSettings large = EngineSettings.LARGE;
        CapacityEstimate e = GpuCapacityModel.estimate(CapacityInputs.of(GpuSpec.A10G_24GB, ModelSpec.LLAMA_3_70B, WeightFormat.AWQ_INT4)
                .withTensorParallel(large.tensorParallelSize()));

        assertThat(e.concurrentSequences(large.maxModelLen())).isGreaterThanOrEqualTo(large.maxNumSeqs());
        assertThat(e.concurrentSequences(1536)).isGreaterThanOrEqualTo(4L * large.maxNumSeqs());
        // On one A10G the weights alone do not fit: the tier needs tensor parallelism at all.
        assertThat(estimate(GpuSpec.A10G_24GB, ModelSpec.LLAMA_3_70B, WeightFormat.AWQ_INT4).kvBlocks()).isZero();
    }

    @Test
    void estimate_withTensorParallelism_sumsEachGpusBudgetAfterItsShareOfTheWeights() {
        CapacityEstimate one = estimate(GpuSpec.A100_80GB, ModelSpec.LLAMA_3_8B, WeightFormat.FP16);
        CapacityEstimate two = GpuCapacityModel.estimate(CapacityInputs.of(GpuSpec.A100_80GB, ModelSpec.LLAMA_3_8B, WeightFormat.FP16)
                .withTensorParallel(2));

        // The weights are paid once across both GPUs, the activation reserve once per GPU.
        long usable = (long) Math.floor(GpuSpec.A100_80GB.vramBytes() * 0.92);
        assertThat(two.kvBudgetBytes()).isEqualTo(2 * (usable - one.weightBytes() / 2 - CapacityInputs.DEFAULT_ACTIVATION_RESERVE));
        assertThat(two.kvBytesPerToken()).isEqualTo(one.kvBytesPerToken());
    }

    @Test
    void weightsLargerThanTheGpu_leaveNoKvCache() {
        CapacityEstimate e = estimate(GpuSpec.A10G_24GB, ModelSpec.LLAMA_2_13B, WeightFormat.FP16);

        assertThat(e.kvBlocks()).isZero();
        assertThat(e.concurrentSequences(4096)).isZero();
    }

    private static CapacityEstimate estimate(GpuSpec gpu, ModelSpec model, WeightFormat format) {
        return GpuCapacityModel.estimate(CapacityInputs.of(gpu, model, format));
    }
}
