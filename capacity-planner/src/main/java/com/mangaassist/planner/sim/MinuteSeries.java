package com.mangaassist.planner.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The run's statistics minute by minute of simulated time, which the reports are made of. The
 * pre-roll (negative time) counts in a minute of its own that no report shows: the deployment
 * settles there, and nothing in it is measured.
 */
final class MinuteSeries {

    private final MinuteStats preRoll = new MinuteStats(-1);
    private final List<MinuteStats> minutes = new ArrayList<>();

    /** The minute that holds {@code now}, with any minutes before it that nothing happened in. */
    MinuteStats at(double now) {
        if (now < 0) {
            return preRoll;
        }
        int index = (int) Math.floor(now / 60);
        while (minutes.size() <= index) {
            minutes.add(new MinuteStats(minutes.size()));
        }
        return minutes.get(index);
    }

    /** One second's capacity, as the minute's peaks and, for the GPU, its low (where a release's dip shows). */
    void capacity(double now, int tasks, int lambda, int gpu) {
        MinuteStats minute = at(now);
        minute.peakTasks = Math.max(minute.peakTasks, tasks);
        minute.peakLambda = Math.max(minute.peakLambda, lambda);
        minute.peakGpu = Math.max(minute.peakGpu, gpu);
        minute.lowGpu = Math.min(minute.lowGpu, gpu);
    }

    /** What the second at {@code now} cost, into its minute. */
    void cost(double now, double cost) {
        at(now).cost += cost;
    }

    /** The measured minutes, in order (the list itself: the run result keeps it). */
    List<MinuteStats> minutes() {
        return minutes;
    }

    /** The measured minutes added up. */
    MinuteStats total() {
        MinuteStats total = new MinuteStats(-1);
        for (MinuteStats minute : minutes) {
            total.add(minute);
        }
        return total;
    }
}
