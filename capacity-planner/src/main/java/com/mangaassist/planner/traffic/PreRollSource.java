package com.mangaassist.planner.traffic;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts a run in steady state rather than from an empty deployment: the source's first
 * {@code seconds} are played once before time 0 (shifted back, under other conversation ids), so
 * that autoscaling, the routing policy's latches and the warm Lambda environments have settled on
 * that traffic when measurement starts at 0. Only those seconds are buffered.
 */
public final class PreRollSource implements TurnSource {

    private final TurnSource source;
    private final double seconds;
    private final List<TraceTurn> buffered = new ArrayList<>();
    private int replayable;
    private int replayed;
    private int released;
    private boolean filled;

    public PreRollSource(TurnSource source, double seconds) {
        this.source = source;
        this.seconds = seconds;
    }

    @Override
    public TraceTurn next() {
        if (!filled) {
            fill();
        }
        if (replayed < replayable) {
            TraceTurn turn = buffered.get(replayed++);
            return new TraceTurn(turn.at() - seconds, "pre-roll:" + turn.user(), "pre-roll:" + turn.conversation(), turn.tokensIn(),
                    turn.tokensOut(), turn.locale(), turn.query());
        }
        if (released < buffered.size()) {
            return buffered.get(released++);
        }
        buffered.clear();
        return source.next();
    }

    @Override
    public double expectedSeconds() {
        return source.expectedSeconds();
    }

    private void fill() {
        filled = true;
        TraceTurn turn;
        while ((turn = source.next()) != null) {
            buffered.add(turn);
            if (turn.at() >= seconds) {
                // The first turn past the opening is kept for the measured run, not replayed.
                return;
            }
            replayable++;
        }
    }
}
