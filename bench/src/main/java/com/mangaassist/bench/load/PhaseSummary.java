package com.mangaassist.bench.load;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/** What the users of one phase (or a whole run) saw, as the report's table rows need it. */
public record PhaseSummary(
        String name,
        int offered,
        int answered,
        int spilled,
        int busyReplies,
        int gaveUpBusy,
        int errors,
        int lost,
        int notOffered,
        Map<String, Integer> errorCodes,
        LatencyStats ttft,
        LatencyStats completion) {

    public static PhaseSummary of(String name, List<TurnRecord> records) {
        List<TurnRecord> offered = records.stream().filter(r -> r.outcome() != TurnRecord.Outcome.NOT_OFFERED).toList();
        Map<String, Integer> codes = new TreeMap<>();
        offered.stream().filter(r -> r.outcome() == TurnRecord.Outcome.ERROR).forEach(r -> codes.merge(r.errorCode(), 1, Integer::sum));
        return new PhaseSummary(name, offered.size(),
                count(offered, TurnRecord.Outcome.ANSWERED),
                (int) offered.stream().filter(r -> r.answered() && "overflow".equals(r.route())).count(),
                offered.stream().mapToInt(TurnRecord::busyReplies).sum(),
                count(offered, TurnRecord.Outcome.GAVE_UP_BUSY),
                count(offered, TurnRecord.Outcome.ERROR),
                count(offered, TurnRecord.Outcome.LOST),
                records.size() - offered.size(),
                Map.copyOf(codes),
                stats(offered, r -> r.answered() ? r.firstTokenNanos() : -1),
                stats(offered, r -> r.answered() ? r.endNanos() : -1));
    }

    public static PhaseSummary ofPhase(String name, int phase, List<TurnRecord> records) {
        return of(name, records.stream().filter(r -> r.phase() == phase).toList());
    }

    /** Share of answered turns that the overflow path answered. */
    public double spillFraction() {
        return answered == 0 ? 0 : (double) spilled / answered;
    }

    private static int count(List<TurnRecord> records, TurnRecord.Outcome outcome) {
        return (int) records.stream().filter(r -> r.outcome() == outcome).count();
    }

    private static LatencyStats stats(List<TurnRecord> records, ToLongFunction<TurnRecord> value) {
        return new LatencyStats(records.stream().mapToLong(value).toArray());
    }
}
