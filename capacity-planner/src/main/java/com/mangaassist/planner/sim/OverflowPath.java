package com.mangaassist.planner.sim;

import com.mangaassist.planner.config.PlannerConfig.OverflowSettings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The overflow queue and the function's SQS event source, as AWS documents their scaling: the
 * event source starts with {@code initialConcurrency} concurrent batches and, while messages keep
 * waiting, adds up to {@code rampPerMinute} more a minute, never beyond the event source's maximum
 * concurrency; with the queue empty it falls back. A batch is up to {@code batchSize} messages,
 * run concurrently (a standard queue's messages are independent groups in OverflowBatchProcessor);
 * the invocation lasts until the last is done. A new execution environment pays the cold init, or
 * with SnapStart the restore; then its first message pays what a restore does not cover. Idle
 * environments are kept for a while and reused first.
 */
public final class OverflowPath {

    /** What the function does with one message once it runs: the turn pipeline. */
    interface MessageHandler {
        /** Runs the turn; calls {@code done} when it has answered (or failed). */
        void handle(Object message, double startDelaySeconds, Runnable done);
    }

    private final OverflowSettings settings;
    private final EventLoop loop;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private final ArrayDeque<Double> idleEnvironments = new ArrayDeque<>();
    private MessageHandler handler;
    private double concurrencyLimit;
    private int running;
    private int peakRunning;
    private double monitoredDepth;
    private Duration monitoredAge = Duration.ZERO;
    private double monitoredAt = Double.NEGATIVE_INFINITY;
    long invocations;
    long coldStarts;
    long messages;
    double billedMillis;

    public OverflowPath(OverflowSettings settings, EventLoop loop) {
        this.settings = settings;
        this.loop = loop;
    }

    void handler(MessageHandler value) {
        this.handler = value;
    }

    /** SendMessage: the message is visible after the send's latency. */
    void send(Object message) {
        loop.after(settings.sqsSendMs() / 1000.0, () -> {
            queue.addLast(new Queued(message, loop.now()));
            messages++;
            if (concurrencyLimit < settings.initialConcurrency()) {
                concurrencyLimit = Math.min(settings.maxConcurrency(), settings.initialConcurrency());
            }
            pump();
        });
    }

    private void pump() {
        while (!queue.isEmpty() && running < Math.floor(concurrencyLimit)) {
            List<Queued> batch = new ArrayList<>(settings.batchSize());
            while (batch.size() < settings.batchSize() && !queue.isEmpty()) {
                batch.add(queue.pollFirst());
            }
            invoke(batch);
        }
    }

    private void invoke(List<Queued> batch) {
        running++;
        peakRunning = Math.max(peakRunning, running);
        invocations++;
        double now = loop.now();
        double init = 0;
        Double idleSince = idleEnvironments.pollLast();
        while (idleSince != null && now - idleSince > settings.environmentIdleSeconds()) {
            idleSince = idleEnvironments.pollLast();
        }
        if (idleSince == null) {
            coldStarts++;
            init = (settings.snapStart() ? settings.restoreMs() : settings.coldInitMs()) + settings.firstInvokeMs();
        }
        double startDelay = (settings.pollLatencyMs() + init) / 1000.0;
        // Billed from the environment's start: the init or restore, the first-message cost, the batch.
        double startedAt = now + settings.pollLatencyMs() / 1000.0;
        int[] left = {batch.size()};
        for (Queued queued : batch) {
            handler.handle(queued.message, startDelay, () -> {
                if (--left[0] == 0) {
                    running--;
                    billedMillis += (loop.now() - startedAt) * 1000;
                    idleEnvironments.addLast(loop.now());
                    pump();
                }
            });
        }
    }

    /** Every second: the event source's concurrency ramp, and environments aged out. */
    void tick(double now) {
        if (!queue.isEmpty()) {
            if (running >= Math.floor(concurrencyLimit)) {
                concurrencyLimit = Math.min(settings.maxConcurrency(), concurrencyLimit + settings.rampPerMinute() / 60.0);
            }
            pump();
        } else if (running < concurrencyLimit) {
            // Nothing waits: the pollers fall back towards what is in use.
            concurrencyLimit = Math.max(Math.min(settings.initialConcurrency(), settings.maxConcurrency()), Math.max(running, concurrencyLimit * 0.9));
        }
        while (!idleEnvironments.isEmpty() && now - idleEnvironments.peekFirst() > settings.environmentIdleSeconds()) {
            idleEnvironments.pollFirst();
        }
    }

    /** The queue as the orchestrators see it: refreshed every {@code queueMonitorSeconds}, as OverflowQueueMonitor does. */
    long monitoredDepth() {
        refreshMonitor();
        return (long) monitoredDepth;
    }

    Duration monitoredOldestAge() {
        refreshMonitor();
        return monitoredAge;
    }

    private void refreshMonitor() {
        double now = loop.now();
        if (now - monitoredAt >= settings.queueMonitorSeconds()) {
            monitoredAt = now;
            monitoredDepth = queue.size();
            monitoredAge = queue.isEmpty() ? Duration.ZERO : Duration.ofNanos((long) ((now - queue.peekFirst().enqueuedAt) * 1e9));
        }
    }

    int running() {
        return running;
    }

    /** The highest concurrency since the last call (the per-minute peak). */
    int takePeak() {
        int peak = peakRunning;
        peakRunning = running;
        return peak;
    }

    public OverflowSettings settings() {
        return settings;
    }

    private record Queued(Object message, double enqueuedAt) {
    }
}
