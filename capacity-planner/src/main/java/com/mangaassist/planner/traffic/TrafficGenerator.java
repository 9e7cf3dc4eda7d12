package com.mangaassist.planner.traffic;

import com.mangaassist.planner.config.PlannerConfig.Phase;
import com.mangaassist.planner.config.PlannerConfig.Spike;
import com.mangaassist.planner.config.PlannerConfig.TrafficSettings;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Generates turns without holding users: conversations start as a non-homogeneous Poisson process
 * (thinning against the highest rate), each with a geometric number of turns spaced by exponential
 * think times; only conversations with a turn still to come are held. The turn rate is
 * {@code users × turnsPerUserPerHour} shaped by a daily cosine and by chapter-drop spikes (a linear
 * rise to {@code factor}, then exponential decay), or, when phases are given, constant per phase.
 * Open loop: a slow answer does not slow the next question, as in a real crowd.
 */
public final class TrafficGenerator implements TurnSource {

    private final TrafficSettings settings;
    private final SplittableRandom random;
    private final LogNormal tokensIn;
    private final LogNormal tokensOut;
    private final double maxRate;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> Double.compare(a.at, b.at));
    private double nextStart;
    private long conversations;

    public TrafficGenerator(TrafficSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.tokensIn = LogNormal.withMean(settings.tokensInMean(), settings.tokensSigma());
        this.tokensOut = LogNormal.withMean(settings.tokensOutMean(), settings.tokensSigma());
        double max = 0;
        for (double t = 0; t <= settings.durationSeconds(); t += 1) {
            max = Math.max(max, conversationRate(t));
        }
        for (Spike spike : settings.spikes()) {
            max = Math.max(max, conversationRate(spike.atSeconds() + spike.riseSeconds()));
        }
        this.maxRate = max * 1.01;
        this.nextStart = maxRate > 0 ? nextCandidate(0) : Double.POSITIVE_INFINITY;
    }

    /** New turns per second at {@code t} (every turn of every conversation counted). */
    public double turnRate(double t) {
        List<Phase> phases = settings.phases();
        if (!phases.isEmpty()) {
            double end = 0;
            for (Phase phase : phases) {
                end += phase.seconds();
                if (t < end) {
                    return phase.turnsPerSecond();
                }
            }
            return 0;
        }
        double hour = settings.startHour() + t / 3600.0;
        double diurnal = 1 + settings.diurnalAmplitude() * Math.cos(2 * Math.PI * (hour - settings.diurnalPeakHour()) / 24.0);
        double base = settings.users() * settings.turnsPerUserPerHour() / 3600.0 * diurnal;
        return base * spikeFactor(t);
    }

    /** The spikes' multiplier at {@code t}: 1 outside any spike. */
    public double spikeFactor(double t) {
        double factor = 1;
        for (Spike spike : settings.spikes()) {
            double since = t - spike.atSeconds();
            if (since < 0) {
                continue;
            }
            double shape = since < spike.riseSeconds() ? since / spike.riseSeconds()
                    : Math.exp(-(since - spike.riseSeconds()) / spike.decaySeconds());
            factor += (spike.factor() - 1) * shape;
        }
        return factor;
    }

    @Override
    public TraceTurn next() {
        while (true) {
            Pending head = pending.peek();
            if (head != null && head.at <= nextStart) {
                pending.poll();
                TraceTurn turn = head.turn();
                if (head.remaining > 0) {
                    head.advance(head.at + exponential(settings.thinkTimeSeconds()));
                    pending.add(head);
                }
                return turn;
            }
            if (nextStart >= settings.durationSeconds()) {
                if (head == null) {
                    return null;
                }
                // Conversations under way finish after the window closes to new ones, as users do.
                nextStart = Double.POSITIVE_INFINITY;
                continue;
            }
            double at = nextStart;
            nextStart = nextCandidate(at);
            if (random.nextDouble() * maxRate <= conversationRate(at)) {
                startConversation(at);
            }
        }
    }

    @Override
    public double expectedSeconds() {
        return settings.durationSeconds();
    }

    private double conversationRate(double t) {
        return turnRate(t) / settings.conversationTurnsMean();
    }

    private double nextCandidate(double from) {
        return from + exponential(1 / maxRate);
    }

    private void startConversation(double at) {
        long id = conversations++;
        boolean japanese = random.nextDouble() < settings.japaneseShare();
        String user = "u" + random.nextLong(settings.users());
        // Geometric with the configured mean: every conversation has at least one turn.
        double p = 1 / settings.conversationTurnsMean();
        int turns = p >= 1 ? 1 : 1 + (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
        pending.add(new Pending(this, at, user, "c" + id, japanese ? "ja" : "en", turns - 1));
    }

    private double exponential(double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }

    /** Log-normal with the given mean and the configured sigma, at least 1, at most {@code max}. */
    private int tokens(LogNormal distribution, double max) {
        double value = distribution.sample(random);
        return (int) Math.max(1, Math.min(max, Math.round(value)));
    }

    private static final class Pending {
        private final TrafficGenerator generator;
        private final String user;
        private final String conversation;
        private final String locale;
        private double at;
        private int remaining;

        Pending(TrafficGenerator generator, double at, String user, String conversation, String locale, int remaining) {
            this.generator = generator;
            this.at = at;
            this.user = user;
            this.conversation = conversation;
            this.locale = locale;
            this.remaining = remaining;
        }

        TraceTurn turn() {
            TrafficSettings s = generator.settings;
            boolean japanese = locale.equals("ja");
            return new TraceTurn(at, user, conversation, generator.tokens(generator.tokensIn, 100_000),
                    generator.tokens(generator.tokensOut, s.tokensOutMax()), locale, SampleQueries.pick(japanese, generator.random));
        }

        void advance(double next) {
            at = next;
            remaining--;
        }
    }
}
