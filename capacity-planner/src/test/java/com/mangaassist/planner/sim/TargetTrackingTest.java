package com.mangaassist.planner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TargetTrackingTest {

    /** ECS on turn capacity: target 70 %, one-minute datapoints, 3 to scale out, 15 to scale in, cooldowns 60 s / 300 s. */
    private final TargetTracking ecs = new TargetTracking(70, 60, 3, 15, Duration.ofSeconds(60), Duration.ofSeconds(300));

    @Test
    void desired_whenThreeDatapointsAboveTarget_scalesOutProportionally() {
        // 140 % used on 10 tasks for three minutes: ceil(10 x 140 / 70) = 20.
        feed(ecs, 0, 180, 140);
        assertThat(ecs.desired(180, 10, 1, 50)).isEqualTo(10);
        ecs.sample(180, 140);

        assertThat(ecs.desired(180, 10, 1, 50)).isEqualTo(20);
    }

    @Test
    void desired_whenTwoDatapointsAbove_waits() {
        feed(ecs, 0, 120, 140);
        ecs.sample(120, 140);

        assertThat(ecs.desired(120, 10, 1, 50)).isEqualTo(10);
    }

    @Test
    void desired_whenAboveAgainWithinCooldown_holdsThenActs() {
        feed(ecs, 0, 181, 140);
        assertThat(ecs.desired(181, 10, 1, 50)).isEqualTo(20);

        // Three more datapoints above target by 360 s: the 60 s cooldown has long passed.
        feed(ecs, 181, 420, 105);
        ecs.sample(420, 105);
        assertThat(ecs.desired(420, 20, 1, 50)).isEqualTo(30);
    }

    @Test
    void desired_whenAboveTarget_isBoundedByMax() {
        feed(ecs, 0, 181, 700);

        assertThat(ecs.desired(181, 10, 1, 50)).isEqualTo(50);
    }

    @Test
    void desired_whenFifteenDatapointsBelowNinetyPercentOfTarget_scalesIn() {
        // 35 % used on 20 tasks for 15 minutes: ceil(20 x 35 / 70) = 10.
        feed(ecs, 0, 900, 35);
        ecs.sample(900, 35);
        assertThat(ecs.desired(900, 20, 2, 50)).isEqualTo(10);
    }

    @Test
    void desired_whenBelowButAboveNinetyPercentOfTarget_keepsCapacity() {
        feed(ecs, 0, 1200, 65);
        ecs.sample(1200, 65);

        assertThat(ecs.desired(1200, 20, 2, 50)).isEqualTo(20);
    }

    @Test
    void desired_whenScaledOutRecently_waitsTheScaleInCooldown() {
        TargetTracking gpu = new TargetTracking(24, 10, 3, 3, Duration.ofSeconds(60), Duration.ofSeconds(600));
        feed(gpu, 0, 31, 48);
        assertThat(gpu.desired(31, 2, 2, 20)).isEqualTo(4);

        feed(gpu, 31, 100, 1);
        gpu.sample(100, 1);
        assertThat(gpu.desired(100, 4, 2, 20)).isEqualTo(4);
        feed(gpu, 100, 640, 1);
        gpu.sample(640, 1);
        assertThat(gpu.desired(640, 4, 2, 20)).isEqualTo(2);
    }

    /** One sample a second in [from, to). */
    private static void feed(TargetTracking policy, double from, double to, double value) {
        for (double t = from; t < to; t++) {
            policy.sample(t, value);
        }
    }
}
