package com.mangaassist.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When each turn of a run is offered: a Poisson process per phase (users arrive independently),
 * seeded so every configuration of a run meets exactly the same arrivals. Open loop: arrivals do
 * not wait for answers, so a slow system cannot quietly lower its own load.
 */
public final class ArrivalSchedule {

    private ArrivalSchedule() {
    }

    /** One offered turn: nanoseconds from the start of the run, and the phase it belongs to. */
    public record Arrival(long offsetNanos, int phase) {
    }

    public static List<Arrival> of(List<LoadPhase> phases, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Arrival> arrivals = new ArrayList<>();
        long phaseStart = 0;
        for (int p = 0; p < phases.size(); p++) {
            LoadPhase phase = phases.get(p);
            long phaseEnd = phaseStart + phase.duration().toNanos();
            double meanGapNanos = 1e9 / phase.turnsPerSecond();
            // Exponential gaps; the process restarts at each boundary, which memorylessness makes exact.
            long t = phaseStart + (long) (-Math.log(1 - random.nextDouble()) * meanGapNanos);
            while (t < phaseEnd) {
                arrivals.add(new Arrival(t, p));
                t += (long) (-Math.log(1 - random.nextDouble()) * meanGapNanos);
            }
            phaseStart = phaseEnd;
        }
        return arrivals;
    }
}
