package com.mangaassist.infra.config;

import java.util.Locale;

/**
 * Whether the GPU endpoint's variant is registered with Application Auto Scaling. SageMaker refuses
 * an update that changes the instance type of a variant that is a scalable target, so changing
 * {@code gpuInstanceType} on a live stack takes two deploys (infra-cdk/README.md, ADR 0028): one
 * with {@code suspended}, which deregisters the variant and leaves its instances as they are, then
 * the new instance type with scaling back {@code on}.
 */
public enum GpuAutoscaling {
    /** Target tracking on concurrent requests plus the OOM escalation's step (the default). */
    ON,
    /** No scalable target: the endpoint keeps its current instance count and nothing scales it. */
    SUSPENDED;

    public static GpuAutoscaling parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "on" -> ON;
            case "suspended" -> SUSPENDED;
            default -> throw InvalidContextException.invalid(ContextKeys.GPU_AUTOSCALING, text,
                    "on or suspended (suspended only for the first deploy of an instance-type change)");
        };
    }
}
