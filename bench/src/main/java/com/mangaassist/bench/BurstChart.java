package com.mangaassist.bench;

import com.mangaassist.bench.load.LatencyStats;
import com.mangaassist.bench.load.LoadPhase;
import com.mangaassist.bench.load.TurnRecord;
import com.mangaassist.planner.report.SvgChart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One configuration's burst, second by second, as an SVG a reader takes in at a glance: turns
 * offered, answered, spilled (answered by the overflow path) and shed (refused busy at least once)
 * per second, and time to first token p99 per second, through
 * steady → burst → recovery. Offers and sheds count in the second a turn was first offered;
 * answers and spills in the second the answer ended; the p99 is over the turns offered in that
 * second, an unanswered one counting as never (drawn at the top edge).
 */
final class BurstChart {

    private BurstChart() {
    }

    static String svg(String configuration, List<LoadPhase> profile, List<TurnRecord> records, Duration ttftSla) {
        long start = records.stream().mapToLong(TurnRecord::offeredAtNanos).min().orElse(0);
        long profileSeconds = profile.stream().mapToLong(p -> p.duration().toSeconds()).sum();
        long lastEnd = records.stream().filter(r -> r.endNanos() >= 0).mapToLong(r -> r.offeredAtNanos() - start + r.endNanos()).max().orElse(0);
        int seconds = (int) Math.max(profileSeconds, lastEnd / 1_000_000_000L + 1);
        double[] offered = new double[seconds];
        double[] answered = new double[seconds];
        double[] spilled = new double[seconds];
        double[] shed = new double[seconds];
        List<List<Long>> ttfts = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            ttfts.add(new ArrayList<>());
        }
        for (TurnRecord r : records) {
            if (r.outcome() == TurnRecord.Outcome.NOT_OFFERED) {
                continue;
            }
            int offeredAt = second(r.offeredAtNanos() - start, seconds);
            offered[offeredAt]++;
            if (r.busyReplies() > 0 || r.outcome() == TurnRecord.Outcome.GAVE_UP_BUSY) {
                shed[offeredAt]++;
            }
            ttfts.get(offeredAt).add(r.firstTokenNanos());
            if (r.answered()) {
                int endedAt = second(r.offeredAtNanos() - start + r.endNanos(), seconds);
                answered[endedAt]++;
                if ("overflow".equals(r.route())) {
                    spilled[endedAt]++;
                }
            }
        }
        double[] p99 = new double[seconds];
        for (int s = 0; s < seconds; s++) {
            List<Long> values = ttfts.get(s);
            if (values.isEmpty()) {
                p99[s] = Double.NaN;
                continue;
            }
            long nanos = new LatencyStats(values.stream().mapToLong(Long::longValue).toArray()).percentile(0.99);
            p99[s] = nanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : nanos / 1e6;
        }
        String phases = profile.stream().map(p -> String.format(Locale.ROOT, "%s %.0f/s %d s", p.name(), p.turnsPerSecond(), p.duration().toSeconds()))
                .collect(Collectors.joining(" → "));
        return SvgChart.panels(configuration + ": " + phases, "second of the run",
                List.of(new SvgChart.Panel("Turns per second", "turns/s", List.of(new SvgChart.Series("offered", offered),
                                new SvgChart.Series("answered", answered), new SvgChart.Series("spilled", spilled),
                                new SvgChart.Series("shed", shed)), Double.NaN, ""),
                        new SvgChart.Panel("Time to first token p99, by the second a turn was offered", "ms",
                                List.of(new SvgChart.Series("TTFT p99", p99)), ttftSla.toMillis(), "SLA")));
    }

    private static int second(long nanosFromStart, int seconds) {
        return (int) Math.max(0, Math.min(seconds - 1, nanosFromStart / 1_000_000_000L));
    }
}
