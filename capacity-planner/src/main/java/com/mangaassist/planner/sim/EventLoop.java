package com.mangaassist.planner.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * The simulation's clock and agenda: actions run in time order (ties in the order they were
 * scheduled, so a run is reproducible). It also lends the services' classes the clocks they take
 * ({@link Clock} for the OOM breaker, a nanosecond supplier for the latency window), so they run
 * on simulated time exactly as they run on real time in the services.
 */
public final class EventLoop {

    /** Simulated time 0, as an instant, for the classes that read a {@link Clock}. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final PriorityQueue<Event> agenda = new PriorityQueue<>();
    private double now;

    public EventLoop() {
        this(0);
    }

    /** A loop whose clock starts at {@code start} (negative for a pre-roll before measurement). */
    public EventLoop(double start) {
        this.now = start;
    }
    private long sequence;
    private long executed;

    public double now() {
        return now;
    }

    public long executed() {
        return executed;
    }

    public int pending() {
        return agenda.size();
    }

    public void at(double time, Runnable action) {
        if (time < now) {
            throw new IllegalArgumentException("cannot schedule at " + time + " before now " + now);
        }
        agenda.add(new Event(time, sequence++, action));
    }

    public void after(double delaySeconds, Runnable action) {
        at(now + Math.max(0, delaySeconds), action);
    }

    /** Runs actions until the agenda is empty or the next one is after {@code until}; true while any remain. */
    public boolean runUntil(double until) {
        while (!agenda.isEmpty() && agenda.peek().time <= until) {
            Event event = agenda.poll();
            now = event.time;
            executed++;
            event.action.run();
        }
        if (Double.isFinite(until)) {
            now = Math.max(now, Math.min(until, agenda.isEmpty() ? until : agenda.peek().time));
        }
        return !agenda.isEmpty();
    }

    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return EPOCH.plusNanos((long) (now * 1e9));
            }
        };
    }

    public LongSupplier nanoClock() {
        return () -> (long) (now * 1e9);
    }

    private record Event(double time, long sequence, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Double.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
