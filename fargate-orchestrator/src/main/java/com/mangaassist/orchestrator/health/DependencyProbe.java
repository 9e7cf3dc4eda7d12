package com.mangaassist.orchestrator.health;

import com.mangaassist.shared.runtime.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the dependencies a turn cannot do without (the conversation table, the overflow queue) in
 * the background, so {@code /ready} answers from the last result at once, however slow a
 * dependency is. Redis is not among them: without it turns degrade to DynamoDB, they do not fail.
 */
public final class DependencyProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DependencyProbe.class);

    private final Map<String, Supplier<Boolean>> checks;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("dependency-probe"));
    private volatile List<String> failing = List.of("not checked yet");

    public DependencyProbe(Map<String, Supplier<Boolean>> checks, Duration interval) {
        this.checks = Map.copyOf(checks);
        poller.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void check() {
        List<String> now = new ArrayList<>();
        checks.forEach((name, check) -> {
            try {
                if (!check.get()) {
                    now.add(name);
                }
            } catch (RuntimeException e) {
                now.add(name + " (" + e.getClass().getSimpleName() + ")");
            }
        });
        if (!now.equals(failing)) {
            LOG.info("event=dependencies_changed failing={}", now);
        }
        failing = List.copyOf(now);
    }

    /** The dependencies that failed their last check; empty when all are reachable. */
    public List<String> failing() {
        return failing;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
