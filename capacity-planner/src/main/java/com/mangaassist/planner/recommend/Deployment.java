package com.mangaassist.planner.recommend;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PlannerConfig.FargateSettings;
import com.mangaassist.planner.config.PlannerConfig.GpuTierSettings;
import com.mangaassist.planner.config.PlannerConfig.OverflowSettings;
import java.util.Locale;

/**
 * The knobs {@code recommend} turns, each one a CDK context key: the orchestrator's minimum and
 * maximum tasks and turn capacity (the spill threshold: a task spills at full capacity), the
 * overflow function's maximum concurrency, and the small tier's minimum and maximum instances.
 */
public record Deployment(int minTasks, int maxTasks, int turnCapacity, int lambdaCap, int gpuMin, int gpuMax) {

    public static Deployment of(PlannerConfig config) {
        return new Deployment(config.fargate().minTasks(), config.fargate().maxTasks(), config.fargate().turnCapacity(),
                config.overflow().maxConcurrency(), config.gpu().small().minInstances(), config.gpu().small().maxInstances());
    }

    public PlannerConfig applyTo(PlannerConfig c) {
        FargateSettings f = c.fargate();
        FargateSettings fargate = new FargateSettings(f.vcpu(), f.memoryGb(), turnCapacity, minTasks, Math.max(minTasks, maxTasks), f.startMinSeconds(),
                f.startMaxSeconds(), f.cpuMsPerTurn(), f.overheadMs(), f.metricPeriodSeconds(), f.scaleOutDatapoints(), f.scaleInDatapoints());
        OverflowSettings o = c.overflow();
        OverflowSettings overflow = new OverflowSettings(o.sqsSendMs(), o.pollLatencyMs(), o.batchSize(), lambdaCap, o.initialConcurrency(),
                o.rampPerMinute(), o.memoryMb(), o.snapStart(), o.coldInitMs(), o.restoreMs(), o.firstInvokeMs(), o.perMessageMs(),
                o.environmentIdleSeconds(), o.queueMonitorSeconds());
        GpuTierSettings small = c.gpu().small().toBuilder().minInstances(gpuMin).maxInstances(Math.max(gpuMin, gpuMax)).build();
        return c.withFargate(fargate).withOverflow(overflow).withSmallTier(small);
    }

    public Deployment withMinTasks(int value) {
        return new Deployment(value, Math.max(value, maxTasks), turnCapacity, lambdaCap, gpuMin, gpuMax);
    }

    public Deployment withTurnCapacity(int value) {
        return new Deployment(minTasks, maxTasks, value, lambdaCap, gpuMin, gpuMax);
    }

    public Deployment withLambdaCap(int value) {
        return new Deployment(minTasks, maxTasks, turnCapacity, value, gpuMin, gpuMax);
    }

    public Deployment withGpuMin(int value) {
        return new Deployment(minTasks, maxTasks, turnCapacity, lambdaCap, value, Math.max(value, gpuMax));
    }

    public Deployment withGpuMax(int value) {
        return new Deployment(minTasks, maxTasks, turnCapacity, lambdaCap, gpuMin, value);
    }

    /** The {@code cdk deploy} context that deploys this (infra-cdk ContextKeys). */
    public String cdkContext(String instanceType) {
        return String.format(Locale.ROOT, "-c orchestratorMinTasks=%d -c orchestratorMaxTasks=%d -c orchestratorTurnCapacity=%d "
                        + "-c overflowMaxConcurrency=%d -c gpuInstanceType=%s -c gpuMinInstances=%d -c gpuMaxInstances=%d",
                minTasks, maxTasks, turnCapacity, lambdaCap, instanceType, gpuMin, gpuMax);
    }

    public String label() {
        return String.format(Locale.ROOT, "tasks %d-%d x%d, lambda %d, gpu %d-%d", minTasks, maxTasks, turnCapacity, lambdaCap, gpuMin, gpuMax);
    }
}
