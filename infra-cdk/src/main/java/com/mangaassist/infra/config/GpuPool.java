package com.mangaassist.infra.config;

import com.mangaassist.shared.contract.ScalingTargets;
import com.mangaassist.shared.domain.ModelTier;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One model tier's SageMaker fleet: its instance type and the bounds autoscaling keeps it within.
 * Never fewer than two instances: a replacement instance must never take traffic cold, alone.
 *
 * @param tier          the model tier the fleet serves (names the context keys a refusal points at)
 * @param instanceType  {@code ml.<family>.<size>}
 * @param minInstances  at least {@link #MIN_INSTANCES}
 * @param maxInstances  at least {@code minInstances}
 */
public record GpuPool(ModelTier tier, String instanceType, int minInstances, int maxInstances) {

    /** Fewer than two and a replacement instance would take traffic cold, alone. */
    public static final int MIN_INSTANCES = ScalingTargets.MIN_GPU_INSTANCES;
    private static final Pattern INSTANCE_TYPE = Pattern.compile("ml\\.[a-z0-9]+(-[a-z0-9]+)?\\.[a-z0-9]+");

    public GpuPool {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(instanceType, "instanceType");
        if (!INSTANCE_TYPE.matcher(instanceType).matches()) {
            throw InvalidContextException.invalid(instanceTypeKey(tier), instanceType, "a SageMaker instance type such as ml.g5.xlarge");
        }
        if (minInstances < MIN_INSTANCES) {
            throw InvalidContextException.invalid(minInstancesKey(tier), minInstances, "at least " + MIN_INSTANCES
                    + " (the endpoint keeps two hot instances so a cold one never carries traffic alone)");
        }
        if (maxInstances < minInstances) {
            throw InvalidContextException.invalid(maxInstancesKey(tier), maxInstances,
                    "at least " + minInstancesKey(tier) + " (" + minInstances + ")");
        }
    }

    /** This pool with the keys of its tier read from context (absent keys keep these values). */
    public GpuPool withOverridesFrom(ContextReader context) {
        return new GpuPool(tier, context.text(instanceTypeKey(tier)).orElse(instanceType),
                context.integer(minInstancesKey(tier), minInstances, 0, 1000), context.integer(maxInstancesKey(tier), maxInstances, 0, 1000));
    }

    /** {@code gpuInstanceType} for the small tier (the key predates tiers), {@code largeGpuInstanceType} for the large one. */
    public static String instanceTypeKey(ModelTier tier) {
        return tier == ModelTier.SMALL ? ContextKeys.GPU_INSTANCE_TYPE : ContextKeys.LARGE_GPU_INSTANCE_TYPE;
    }

    public static String minInstancesKey(ModelTier tier) {
        return tier == ModelTier.SMALL ? ContextKeys.GPU_MIN_INSTANCES : ContextKeys.LARGE_GPU_MIN_INSTANCES;
    }

    public static String maxInstancesKey(ModelTier tier) {
        return tier == ModelTier.SMALL ? ContextKeys.GPU_MAX_INSTANCES : ContextKeys.LARGE_GPU_MAX_INSTANCES;
    }
}
