package com.mangaassist.planner.sim;

import com.mangaassist.planner.config.PlannerConfig.FargateSettings;
import com.mangaassist.shared.contract.ScalingTargets;
import com.mangaassist.shared.routing.RoutingThresholds;
import com.mangaassist.shared.routing.SpillMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The orchestrator's ECS service behind the NLB: tasks start in the configured time plus the NLB's
 * health checks, take turns spread by the NLB's flow hash (uniformly at random), and scale on the
 * two target-tracking policies the CDK attaches ({@link ScalingTargets}): turn capacity used and
 * CPU. ECS scales out when either asks and in only when both allow. A task leaving stops taking
 * new turns and goes after the deregistration delay, once its turns are done.
 */
public final class FargateService {

    private final FargateSettings settings;
    private final RoutingThresholds thresholds;
    private final SpillMode mode;
    private final EventLoop loop;
    private final SplittableRandom random;
    private final TargetTracking capacityPolicy;
    private final TargetTracking cpuPolicy;
    private final List<OrchestratorTask> tasks = new ArrayList<>();
    private final List<OrchestratorTask> serving = new ArrayList<>();
    private int desired;
    private int nextId;
    long launched;

    public FargateService(FargateSettings settings, RoutingThresholds thresholds, SpillMode mode, EventLoop loop, long seed) {
        this.settings = settings;
        this.thresholds = thresholds;
        this.mode = mode;
        this.loop = loop;
        this.random = new SplittableRandom(seed);
        this.capacityPolicy = new TargetTracking(ScalingTargets.ORCHESTRATOR_CAPACITY_TARGET_PERCENT, settings.metricPeriodSeconds(),
                settings.scaleOutDatapoints(), settings.scaleInDatapoints(), ScalingTargets.ORCHESTRATOR_SCALE_OUT_COOLDOWN,
                ScalingTargets.ORCHESTRATOR_SCALE_IN_COOLDOWN);
        this.cpuPolicy = new TargetTracking(ScalingTargets.ORCHESTRATOR_CPU_TARGET_PERCENT, settings.metricPeriodSeconds(),
                settings.scaleOutDatapoints(), settings.scaleInDatapoints(), ScalingTargets.ORCHESTRATOR_SCALE_OUT_COOLDOWN,
                ScalingTargets.ORCHESTRATOR_SCALE_IN_COOLDOWN);
        for (int i = 0; i < settings.minTasks(); i++) {
            OrchestratorTask task = new OrchestratorTask(nextId++, 0, 0, thresholds, mode, settings.vcpu(), loop);
            task.state = OrchestratorTask.State.SERVING;
            tasks.add(task);
            serving.add(task);
        }
        desired = settings.minTasks();
    }

    /** Seconds from launch to the first turn: the task's start, then the NLB's healthy threshold of checks. */
    public static double healthCheckSeconds() {
        return ScalingTargets.ORCHESTRATOR_HEALTH_CHECK_INTERVAL.toSeconds() * (double) ScalingTargets.ORCHESTRATOR_HEALTHY_THRESHOLD;
    }

    /** The task the NLB sends this turn to, or {@code null} when none serves. */
    OrchestratorTask pick() {
        return serving.isEmpty() ? null : serving.get(random.nextInt(serving.size()));
    }

    void tick(double now) {
        double usedPercent = 0;
        double cpuPercent = 0;
        for (OrchestratorTask task : serving) {
            usedPercent += 100.0 * task.inFlight / settings.turnCapacity();
            cpuPercent += 100.0 * Math.min(1, task.cpuUtilization(now));
        }
        if (!serving.isEmpty()) {
            capacityPolicy.sample(now, usedPercent / serving.size());
            cpuPolicy.sample(now, cpuPercent / serving.size());
        }
        int byCapacity = capacityPolicy.desired(now, desired, settings.minTasks(), settings.maxTasks());
        int byCpu = cpuPolicy.desired(now, desired, settings.minTasks(), settings.maxTasks());
        int wanted = Math.max(byCapacity, byCpu) > desired ? Math.max(byCapacity, byCpu)
                : (byCapacity < desired && byCpu < desired ? Math.max(byCapacity, byCpu) : desired);
        if (wanted > desired) {
            capacityPolicy.noteScaleOut(now);
            cpuPolicy.noteScaleOut(now);
        }
        setDesired(now, wanted);
        for (OrchestratorTask task : tasks) {
            if (task.state == OrchestratorTask.State.STARTING && now >= task.servingAt) {
                task.state = OrchestratorTask.State.SERVING;
                serving.add(task);
            } else if (task.state == OrchestratorTask.State.DRAINING && task.inFlight == 0
                    && now - task.drainedAt >= ScalingTargets.ORCHESTRATOR_DEREGISTRATION_DELAY.toSeconds()) {
                task.state = OrchestratorTask.State.GONE;
            }
        }
        tasks.removeIf(t -> t.state == OrchestratorTask.State.GONE);
    }

    private void setDesired(double now, int wanted) {
        while (desired < wanted) {
            double start = settings.startMinSeconds() + random.nextDouble() * (settings.startMaxSeconds() - settings.startMinSeconds());
            tasks.add(new OrchestratorTask(nextId++, now, start + healthCheckSeconds(), thresholds, mode, settings.vcpu(), loop));
            launched++;
            desired++;
        }
        while (desired > wanted) {
            OrchestratorTask leaving = null;
            for (OrchestratorTask task : tasks) {
                if (task.state == OrchestratorTask.State.STARTING) {
                    leaving = task;
                    break;
                }
                if (task.state == OrchestratorTask.State.SERVING && (leaving == null || task.inFlight < leaving.inFlight)) {
                    leaving = task;
                }
            }
            if (leaving == null) {
                break;
            }
            serving.remove(leaving);
            leaving.state = leaving.state == OrchestratorTask.State.STARTING ? OrchestratorTask.State.GONE : OrchestratorTask.State.DRAINING;
            leaving.drainedAt = now;
            desired--;
        }
    }

    public int servingCount() {
        return serving.size();
    }

    /** Tasks billed now: from launch until gone (Fargate bills from image pull to stop). */
    public int billed() {
        return tasks.size();
    }

    public FargateSettings settings() {
        return settings;
    }
}
