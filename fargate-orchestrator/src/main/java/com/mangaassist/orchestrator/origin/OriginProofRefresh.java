package com.mangaassist.orchestrator.origin;

import com.mangaassist.shared.runtime.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The task's scheduled reads of the origin proof secret, on their own daemon thread; stopped with the task. */
final class OriginProofRefresh implements AutoCloseable {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("origin-proof-refresh"));

    void every(Duration period, Runnable read) {
        scheduler.scheduleWithFixedDelay(read, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
