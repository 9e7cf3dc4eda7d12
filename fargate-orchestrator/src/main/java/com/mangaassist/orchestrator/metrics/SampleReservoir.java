package com.mangaassist.orchestrator.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The values recorded during one publishing step, for a distribution metric: every value up to
 * {@code capacity}, then a uniform sample of that size (reservoir sampling), so percentiles stay
 * unbiased while a step's output stays bounded however busy the task is. Cheap on the turn's
 * thread: one lock, no allocation but the value's box.
 */
public final class SampleReservoir {

    private final int capacity;
    private final List<Double> values;
    private long seen;

    public SampleReservoir(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.values = new ArrayList<>(capacity);
    }

    public synchronized void record(double value) {
        seen++;
        if (values.size() < capacity) {
            values.add(value);
        } else {
            long slot = ThreadLocalRandom.current().nextLong(seen);
            if (slot < capacity) {
                values.set((int) slot, value);
            }
        }
    }

    /** This step's sample, and a fresh start for the next step. */
    public synchronized List<Double> drain() {
        List<Double> step = List.copyOf(values);
        values.clear();
        seen = 0;
        return step;
    }
}
