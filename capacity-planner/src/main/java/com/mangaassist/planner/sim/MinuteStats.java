package com.mangaassist.planner.sim;

/**
 * One simulated minute. Turns count in the minute their user first sent them, so a row says what
 * happened to that minute's offered load however long its turns took; capacity figures are the
 * minute's peaks (and its low for the GPU), costs what the minute accrued.
 */
public final class MinuteStats {

    public final int minute;
    public long offered;
    public long answered;
    public long errors;
    public long gaveUp;
    public long throttled;
    public long spilled;
    public long degraded;
    public long busyReplies;
    /** Turns refused with busy at least once (retried or not). */
    public long shedTurns;
    /**
     * Turns refused {@code quota_exceeded}: their principal's token budget was spent (ADR 0046). They end there, with no GPU
     * work, and count neither as a miss of the SLA nor in the shares below, which are of the turns admitted.
     */
    public long refusedByQuota;
    public long coldHits;
    public long slaMet;
    /** Turns whose retrieval was not back by the deadline: answered without context. */
    public long ungrounded;
    public long newConnections;
    public int peakTasks;
    public int peakLambda;
    public int peakGpu;
    /** The fewest GPU instances taking traffic at any second of the minute (a release's dip shows here, not in the peak). */
    public int lowGpu = Integer.MAX_VALUE;
    public double cost;
    public final LogHistogram ttft = new LogHistogram();
    public final LogHistogram completion = new LogHistogram();
    /** What each turn waited for retrieval, capped at the deadline (empty with retrieval off). */
    public final LogHistogram retrieval = new LogHistogram();

    public MinuteStats(int minute) {
        this.minute = minute;
    }

    public void add(MinuteStats other) {
        offered += other.offered;
        answered += other.answered;
        errors += other.errors;
        gaveUp += other.gaveUp;
        throttled += other.throttled;
        spilled += other.spilled;
        degraded += other.degraded;
        busyReplies += other.busyReplies;
        shedTurns += other.shedTurns;
        refusedByQuota += other.refusedByQuota;
        coldHits += other.coldHits;
        slaMet += other.slaMet;
        ungrounded += other.ungrounded;
        newConnections += other.newConnections;
        peakTasks = Math.max(peakTasks, other.peakTasks);
        peakLambda = Math.max(peakLambda, other.peakLambda);
        peakGpu = Math.max(peakGpu, other.peakGpu);
        lowGpu = Math.min(lowGpu, other.lowGpu);
        cost += other.cost;
        ttft.add(other.ttft);
        completion.add(other.completion);
        retrieval.add(other.retrieval);
    }

    /** Offered turns less those refused by quota: what the platform took on (all offered turns without a quota). */
    public long admitted() {
        return offered - refusedByQuota;
    }

    /** Share of admitted turns whose first token came within the SLA (never-answered turns miss it). */
    public double slaAttainment() {
        long admitted = admitted();
        return admitted == 0 ? 1 : (double) slaMet / admitted;
    }

    public double spillFraction() {
        long admitted = admitted();
        return admitted == 0 ? 0 : (double) spilled / admitted;
    }

    /** Share of offered turns refused {@code quota_exceeded}. */
    public double quotaRefusedFraction() {
        return offered == 0 ? 0 : (double) refusedByQuota / offered;
    }

    /** Share of the turns that ran retrieval whose context missed the deadline. */
    public double ungroundedFraction() {
        return retrieval.count() == 0 ? 0 : (double) ungrounded / retrieval.count();
    }

    /** Share of admitted turns that got a busy reply at least once. */
    public double shedFraction() {
        long admitted = admitted();
        return admitted == 0 ? 0 : (double) shedTurns / admitted;
    }
}
