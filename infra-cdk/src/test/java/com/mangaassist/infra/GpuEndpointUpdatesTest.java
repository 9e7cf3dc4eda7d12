package com.mangaassist.infra;

import static com.mangaassist.infra.ContextOverridesTest.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.infra.inference.InferenceEndpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * A release updates the live GPU endpoint without shrinking it, and an instance-type change has a
 * path SageMaker accepts: first a deploy with {@code -c gpuAutoscaling=suspended} (the variant
 * leaves Application Auto Scaling, its instances stay), then the new type with scaling back on.
 */
class GpuEndpointUpdatesTest {

    private static Template suspended;
    private final Template preset = SynthesizedPlatform.of("dev").template();

    @BeforeAll
    static void synthesizeSuspended() {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        context.put("gpuAutoscaling", "suspended");
        suspended = SynthesizedPlatform.synth(context).template();
    }

    @Test
    void endpoint_whenUpdated_keepsTheVariantsCurrentInstanceCountRatherThanTheConfigsInitialOne() {
        // Without this, CloudFormation's UpdateEndpoint takes InitialInstanceCount (2) from the new configuration: a release at
        // peak would shrink a scaled-out fleet to two, and autoscaling is blocked until the update ends.
        preset.hasResourceProperties("AWS::SageMaker::Endpoint", Map.of("RetainAllVariantProperties", true,
                "ExcludeRetainedVariantProperties", List.of(Map.of("VariantPropertyType", "DataCaptureConfig"))));
    }

    @Test
    void suspendedAutoscaling_whenSynthesized_registersNoScalableTargetOrPolicyForTheVariant() {
        assertThat(preset.findResources("AWS::ApplicationAutoScaling::ScalableTarget", Map.of("Properties",
                Map.of("ServiceNamespace", "sagemaker")))).hasSize(1);

        assertThat(suspended.findResources("AWS::ApplicationAutoScaling::ScalableTarget", Map.of("Properties",
                Map.of("ServiceNamespace", "sagemaker")))).isEmpty();
        assertThat(suspended.findResources("AWS::ApplicationAutoScaling::ScalingPolicy").keySet()).noneMatch(id -> id.startsWith("Inference"));
    }

    @Test
    void suspendedAutoscaling_whenSynthesized_leavesTheEndpointAsItIsAndTheOomAlarmPagingOnly() {
        // The first deploy of an instance-type change must not touch the endpoint itself: SageMaker would refuse the update
        // while the variant is still registered (CloudFormation deregisters it only in the update's cleanup).
        for (String type : List.of("AWS::SageMaker::Endpoint", "AWS::SageMaker::EndpointConfig", "AWS::SageMaker::Model")) {
            assertThat(suspended.findResources(type)).as(type).isEqualTo(preset.findResources(type));
        }
        suspended.hasResourceProperties("AWS::SageMaker::EndpointConfig", Map.of("ProductionVariants", List.of(Match.objectLike(
                Map.of("VariantName", InferenceEndpoint.VARIANT)))));
        String topic = logicalId(suspended, "AWS::SNS::Topic", "ObservabilityAlarmsTopic");
        suspended.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "mangaassist-dev-chat-oom-escalation",
                "AlarmActions", List.of(Map.of("Ref", topic))));
    }
}
