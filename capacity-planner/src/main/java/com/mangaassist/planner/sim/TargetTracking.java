package com.mangaassist.planner.sim;

import java.time.Duration;

/**
 * Application Auto Scaling's target tracking, as AWS documents it: a metric averaged over each
 * period; the scale-out alarm fires after {@code scaleOutDatapoints} consecutive datapoints above
 * the target, the scale-in alarm after {@code scaleInDatapoints} below 90 % of it; the new
 * capacity is {@code ceil(current × metric / target)}, within min and max; a scale-out waits for
 * the scale-out cooldown after the last scale-out, a scale-in for the scale-in cooldown after any
 * scaling activity. Scale-in is never faster than a scale-out would undo.
 */
public final class TargetTracking {

    /** The scale-in alarm sits below the target so that the two alarms do not chase each other. */
    static final double SCALE_IN_SHARE = 0.9;

    private final double target;
    private final double periodSeconds;
    private final int scaleOutDatapoints;
    private final int scaleInDatapoints;
    private final double scaleOutCooldown;
    private final double scaleInCooldown;
    private double sum;
    private int samples;
    private double periodStart = Double.NaN;
    private int above;
    private int below;
    private double lastScaleOut = Double.NEGATIVE_INFINITY;
    private double lastScaling = Double.NEGATIVE_INFINITY;
    private double lastDatapoint = Double.NaN;

    public TargetTracking(double target, double periodSeconds, int scaleOutDatapoints, int scaleInDatapoints,
                          Duration scaleOutCooldown, Duration scaleInCooldown) {
        this.target = target;
        this.periodSeconds = periodSeconds;
        this.scaleOutDatapoints = scaleOutDatapoints;
        this.scaleInDatapoints = scaleInDatapoints;
        this.scaleOutCooldown = scaleOutCooldown.toMillis() / 1000.0;
        this.scaleInCooldown = scaleInCooldown.toMillis() / 1000.0;
    }

    /** One sample of the metric; call at a steady rate (the simulation samples every second). */
    public void sample(double now, double value) {
        if (Double.isNaN(periodStart)) {
            periodStart = now;
        }
        if (now - periodStart >= periodSeconds && samples > 0) {
            closeDatapoint(sum / samples);
            periodStart = now;
            sum = 0;
            samples = 0;
        }
        sum += value;
        samples++;
    }

    /** The capacity this policy asks for now, or {@code current} when it does not act. */
    public int desired(double now, int current, int min, int max) {
        if (Double.isNaN(lastDatapoint)) {
            return current;
        }
        if (above >= scaleOutDatapoints && now - lastScaleOut >= scaleOutCooldown) {
            int wanted = clamp((int) Math.ceil(Math.max(current, 1) * lastDatapoint / target), min, max);
            if (wanted > current) {
                lastScaleOut = now;
                lastScaling = now;
                above = 0;
                return wanted;
            }
        }
        if (below >= scaleInDatapoints && now - lastScaling >= scaleInCooldown) {
            int wanted = clamp((int) Math.ceil(current * lastDatapoint / target), min, max);
            if (wanted < current) {
                lastScaling = now;
                below = 0;
                return wanted;
            }
        }
        return clamp(current, min, max);
    }

    /** Records a capacity change made by another policy (ECS's other policy, an OOM step). */
    public void noteScaleOut(double now) {
        lastScaleOut = now;
        lastScaling = now;
    }

    public double lastDatapoint() {
        return lastDatapoint;
    }

    void closeDatapoint(double value) {
        lastDatapoint = value;
        above = value > target ? above + 1 : 0;
        below = value < target * SCALE_IN_SHARE ? below + 1 : 0;
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
