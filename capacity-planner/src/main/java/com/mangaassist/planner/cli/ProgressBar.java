package com.mangaassist.planner.cli;

import com.mangaassist.planner.sim.SimulationListener;
import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on stderr, redrawn at most five times a second of wall time. */
final class ProgressBar implements SimulationListener {

    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final long started = System.nanoTime();
    private long drawnAt;

    ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    @Override
    public void progress(double simulatedSeconds, double expectedSeconds, long events) {
        long now = System.nanoTime();
        if (now - drawnAt < 200_000_000L) {
            return;
        }
        drawnAt = now;
        double share = Double.isNaN(expectedSeconds) || expectedSeconds <= 0 ? 0 : Math.min(1, simulatedSeconds / expectedSeconds);
        int filled = (int) Math.round(share * WIDTH);
        out.printf(Locale.ROOT, "\r%s [%s%s] %3.0f%%  %s simulated, %,d events, %.1f s", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                share * 100, clock(simulatedSeconds), events, (now - started) / 1e9);
        out.flush();
    }

    void done() {
        out.println();
    }

    private static String clock(double seconds) {
        long s = (long) seconds;
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
