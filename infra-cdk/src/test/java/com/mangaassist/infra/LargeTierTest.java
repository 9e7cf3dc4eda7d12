package com.mangaassist.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.infra.config.ContextKeys;
import com.mangaassist.infra.config.InvalidContextException;
import com.mangaassist.infra.inference.InferenceEndpoint;
import com.mangaassist.infra.pipeline.TurnPipelineAccess;
import com.mangaassist.infra.release.InvalidReleaseException;
import com.mangaassist.shared.contract.EngineSettings;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.contract.ScalingTargets;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.domain.ModelTier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The large model tier (ADR 0039): prod deploys it as its own endpoint with the small tier's guards
 * (two hot instances, target tracking at its own batch, OOM escalation on its own tier dimension,
 * blue/green with a canary), both compute paths are told its name and may invoke it; dev leaves it
 * out unless asked, and a stack asked for it refuses a release without its model.
 */
class LargeTierTest {

    private final SynthesizedPlatform.Synthesized prod = SynthesizedPlatform.of("prod");
    private final Template template = prod.template();

    @Test
    void prod_deploysBothTiersAsTheirOwnEndpoints() {
        assertThat(prod.stack().inferenceEndpoints()).extracting(InferenceEndpoint::tier).containsExactly(ModelTier.SMALL, ModelTier.LARGE);
        assertThat(template.findResources("AWS::SageMaker::Endpoint")).hasSize(2);
        template.hasResourceProperties("AWS::SageMaker::Endpoint", Map.of("EndpointName", "mangaassist-prod-chat"));
        template.hasResourceProperties("AWS::SageMaker::Endpoint", Map.of("EndpointName", "mangaassist-prod-chat-large",
                "DeploymentConfig", Match.objectLike(Map.of("BlueGreenUpdatePolicy", Match.objectLike(Map.of("TrafficRoutingConfiguration",
                        Match.objectLike(Map.of("Type", "CANARY"))))))));
    }

    @Test
    void largeTier_runsItsModelTensorParallelOnFourGpusWithTwoHotInstances() {
        EngineSettings large = EngineSettings.LARGE;
        template.hasResourceProperties("AWS::SageMaker::EndpointConfig", Map.of("ProductionVariants", List.of(Match.objectLike(Map.of(
                "InstanceType", "ml.g5.12xlarge", "InitialInstanceCount", 2)))));
        template.hasResourceProperties("AWS::SageMaker::Model", Map.of("PrimaryContainer", Match.objectLike(Map.of(
                "ModelDataUrl", "s3://mangaassist-prod-artifacts-123456789012/models/llama-3-70b-awq/"
                        + "2b1c0d9e8f7a6b7c6b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a.tar.gz",
                "Environment", Match.objectLike(Map.of("VLLM_TENSOR_PARALLEL_SIZE", String.valueOf(large.tensorParallelSize()),
                        "VLLM_MAX_NUM_SEQS", String.valueOf(large.maxNumSeqs()), "GPU_ENDPOINT_OPENAI_MAX_NUM_SEQS", String.valueOf(large.maxNumSeqs()),
                        "VLLM_MAX_MODEL_LEN", String.valueOf(large.maxModelLen()), "METRICS_TIER", "large"))))));
        template.hasResourceProperties("AWS::SageMaker::Model", Map.of("PrimaryContainer", Match.objectLike(Map.of(
                "Environment", Match.objectLike(Map.of("VLLM_TENSOR_PARALLEL_SIZE", "1", "METRICS_TIER", "small"))))));
    }

    @Test
    void largeTier_scalesOnItsOwnTargetAndItsOwnOomEscalation() {
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of("ResourceId", Match.anyValue(),
                "MinCapacity", 2, "MaxCapacity", 8));
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of("TargetTrackingScalingPolicyConfiguration",
                Match.objectLike(Map.of("TargetValue", ScalingTargets.gpuConcurrentRequestsTarget(EngineSettings.LARGE)))));
        assertThat(template.findResources("AWS::ApplicationAutoScaling::ScalingPolicy",
                Map.of("Properties", Map.of("PolicyType", "StepScaling")))).hasSize(2);
        // Each tier's escalation alarm reads its own tier: the large tier's OOMs never scale the small fleet.
        for (String tier : List.of("small", "large")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", MetricNames.OOM_ESCALATION,
                    "Dimensions", Match.arrayWith(List.of(Map.of("Name", MetricNames.TIER, "Value", tier)))));
        }
        template.hasResourceProperties("AWS::Logs::MetricFilter", Map.of("MetricTransformations", List.of(Match.objectLike(Map.of(
                "MetricName", MetricNames.ENGINE_KV_CACHE_USAGE, "Dimensions", Match.arrayWith(List.of(
                        Map.of("Key", MetricNames.TIER, "Value", "$.tier"))))))));
    }

    @Test
    void largeTier_hasItsOwnEngineAlarmsBesideTheSmallTiers() {
        for (String name : List.of("MangaAssist-prod-gpu-kv-cache", "MangaAssist-prod-gpu-kv-cache-large", "MangaAssist-prod-gpu-engine-waiting-large",
                "MangaAssist-prod-gpu-preemptions-large", "MangaAssist-prod-gpu-oom-trips-large", "mangaassist-prod-chat-large-5xx")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", name));
        }
    }

    @Test
    void bothComputePaths_areToldTheLargeEndpointAndMayInvokeBoth() {
        String variable = TurnPipelineAccess.env(SettingNames.SAGEMAKER_LARGE_ENDPOINT);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of(variable, "mangaassist-prod-chat-large")))));
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", Match.arrayWith(List.of(Match.objectLike(
                Map.of("Environment", Match.arrayWith(List.of(Map.of("Name", variable, "Value", "mangaassist-prod-chat-large")))))))));
        String invoke = prod.template().toJSON().toString();
        assertThat(invoke).contains("endpoint/mangaassist-prod-chat-large");
    }

    @Test
    void dev_leavesTheLargeTierOutAndTellsNoServiceOfIt() {
        Template dev = SynthesizedPlatform.of("dev").template();

        assertThat(dev.findResources("AWS::SageMaker::Endpoint")).hasSize(1);
        assertThat(dev.toJSON().toString()).doesNotContain(TurnPipelineAccess.env(SettingNames.SAGEMAKER_LARGE_ENDPOINT));
    }

    @Test
    void dev_whenAskedForTheLargeTierWithAReleaseWithoutItsModel_refusesNamingBothWays() {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        context.put(ContextKeys.LARGE_TIER, "on");

        assertThatThrownBy(() -> SynthesizedPlatform.build(context)).isInstanceOf(InvalidReleaseException.class)
                .hasMessageContaining("--large-model-dir").hasMessageContaining("-c largeTier=off");
    }

    @Test
    void prod_whenTheLargeInstanceTypeHasFewerGpusThanTheTierSplitsAcross_refuses() {
        Map<String, Object> context = SynthesizedPlatform.context("prod");
        context.put(ContextKeys.LARGE_GPU_INSTANCE_TYPE, "ml.g5.2xlarge");

        assertThatThrownBy(() -> SynthesizedPlatform.build(context))
                .isInstanceOfSatisfying(InvalidContextException.class, e -> assertThat(e.key()).isEqualTo(ContextKeys.LARGE_GPU_INSTANCE_TYPE))
                .hasMessageContaining("at least 4 GPUs");
    }

    @Test
    void prod_whenTheLargeTierIsTurnedOff_deploysOneEndpoint() {
        Map<String, Object> context = SynthesizedPlatform.context("prod");
        context.put(ContextKeys.LARGE_TIER, "off");

        assertThat(SynthesizedPlatform.build(context).platform().orElseThrow().largeInference()).isEmpty();
    }

    @Test
    void largeTier_whenLargeMinInstancesBelowTwo_refusesNamingItsKey() {
        Map<String, Object> context = SynthesizedPlatform.context("prod");
        context.put(ContextKeys.LARGE_GPU_MIN_INSTANCES, "1");

        assertThatThrownBy(() -> SynthesizedPlatform.build(context))
                .isInstanceOfSatisfying(InvalidContextException.class, e -> assertThat(e.key()).isEqualTo(ContextKeys.LARGE_GPU_MIN_INSTANCES));
    }
}
