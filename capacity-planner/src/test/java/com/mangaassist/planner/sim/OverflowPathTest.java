package com.mangaassist.planner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.planner.config.PlannerConfig.OverflowSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverflowPathTest {

    private final EventLoop loop = new EventLoop();
    private final List<Double> starts = new ArrayList<>();

    /** send 10 ms, poll 20 ms, batch 5, max 500, initial 5, +300/min, SnapStart restore 250 ms + first message 643 ms, cold init 2,641 ms. */
    private OverflowSettings settings(boolean snapStart) {
        return new OverflowSettings(10, 20, 5, 500, 5, 300, 2048, snapStart, 2641, 250, 643, 46.7, 600, 2);
    }

    @Test
    void send_whenNoEnvironmentIsWarm_startsAfterPollAndSnapStartRestore() {
        OverflowPath path = path(settings(true), 1);

        path.send("m");
        loop.runUntil(10);

        // 10 ms send + 20 ms poll + 250 ms restore + 643 ms first message.
        assertThat(starts).singleElement().satisfies(at -> assertThat(at).isCloseTo(0.923, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(path.coldStarts).isEqualTo(1);
    }

    @Test
    void send_withoutSnapStart_paysTheFullInit() {
        OverflowPath path = path(settings(false), 1);

        path.send("m");
        loop.runUntil(10);

        assertThat(starts.get(0)).isCloseTo(0.010 + 0.020 + 2.641 + 0.643, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void send_whenAnEnvironmentIsIdle_reusesItWithoutInit() {
        OverflowPath path = path(settings(true), 1);
        path.send("first");
        loop.runUntil(10);
        loop.at(10, () -> path.send("second"));
        loop.runUntil(20);

        assertThat(starts.get(1)).isCloseTo(10.030, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(path.coldStarts).isEqualTo(1);
        assertThat(path.invocations).isEqualTo(2);
    }

    @Test
    void tick_whileMessagesWait_rampsConcurrencyByThreeHundredAMinute() {
        // Each batch takes 1,000 s, so every message beyond the running batches waits.
        OverflowPath path = path(settings(true), 1000);
        for (int i = 0; i < 10_000; i++) {
            path.send("m" + i);
        }
        loop.runUntil(0.5);
        assertThat(path.running()).isEqualTo(5);

        for (int t = 1; t <= 60; t++) {
            loop.runUntil(t);
            path.tick(t);
        }
        // 5 to start, then 5 more every second for a minute: 305 concurrent batches of 5.
        assertThat(path.running()).isEqualTo(305);
        for (int t = 61; t <= 120; t++) {
            loop.runUntil(t);
            path.tick(t);
        }
        assertThat(path.running()).isEqualTo(500);
    }

    private OverflowPath path(OverflowSettings settings, double messageSeconds) {
        OverflowPath path = new OverflowPath(settings, loop);
        path.handler((message, delay, done) -> {
            starts.add(loop.now() + delay);
            loop.after(delay + messageSeconds, done);
        });
        return path;
    }
}
