package com.mangaassist.localstack;

import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.shared.runtime.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Plays ECS's and SageMaker's part for the local stack: every second it looks at each service it
 * watches and replaces one whose process ended — an orchestrator task, the overflow function's
 * sandbox, a GPU instance — on the same address, saying what died and how, with a back-off that
 * doubles while a service keeps dying (1 s up to 30 s; a service that lived a minute starts over).
 * What each service is doing ({@link #health()}) feeds the gateway's {@code /health}.
 */
final class ServiceSupervisor implements AutoCloseable {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration STABLE = Duration.ofMinutes(1);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("supervisor"));
    private final ScheduledExecutorService replacer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("supervisor-replace"));
    private final List<Watched> watched = new CopyOnWriteArrayList<>();
    private final Consumer<String> out;
    private final Clock clock;
    private volatile boolean closed;

    ServiceSupervisor(Consumer<String> out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /**
     * Watches the service {@code role} names ({@code current} says which process it is now);
     * {@code replacement} starts a new one in place of the dead one it is given and returns it once ready.
     */
    void watch(String role, Supplier<ServiceProcess> current, UnaryOperator<ServiceProcess> replacement) {
        watched.add(new Watched(role, current, replacement, clock.instant()));
    }

    void start() {
        timer.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /** Each watched service: up, replacing (with what it ended with), or down (its replacement failed; retried). */
    Map<String, String> health() {
        Map<String, String> states = new LinkedHashMap<>();
        for (Watched w : watched) {
            states.put(w.role, w.state);
        }
        return states;
    }

    private void sweep() {
        for (Watched w : watched) {
            ServiceProcess process = w.current.get();
            if (closed || w.replacing || process == null || process.alive()) {
                continue;
            }
            w.replacing = true;
            String ended = describeExit(process);
            Instant now = clock.instant();
            w.deaths = Duration.between(w.since, now).compareTo(STABLE) >= 0 ? 1 : w.deaths + 1;
            Duration backoff = backoff(w.deaths);
            w.state = "replacing (" + ended + ")";
            out.accept(String.format("[supervisor] %s (%s) %s; replacing it in %d s", w.role, process, ended, backoff.toSeconds()));
            replacer.schedule(() -> replace(w, process), backoff.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void replace(Watched w, ServiceProcess dead) {
        if (closed) {
            return;
        }
        long start = System.nanoTime();
        try {
            ServiceProcess fresh = w.replacement.apply(dead);
            w.since = clock.instant();
            w.state = "up";
            out.accept(String.format("[supervisor] %s replaced by %s, ready in %.1f s", w.role, fresh, (System.nanoTime() - start) / 1e9));
        } catch (RuntimeException e) {
            w.state = "down (replacement failed: " + e.getMessage().lines().findFirst().orElse("") + ")";
            out.accept("[supervisor] could not replace " + w.role + ": " + e.getMessage().lines().findFirst().orElse("") + "; trying again");
        } finally {
            w.replacing = false; // a replacement that failed (or died at once) is seen dead on the next sweep and tried again, backed off
        }
    }

    /** 1 s, 2 s, 4 s … up to 30 s for the n-th death in a row. */
    static Duration backoff(int deathsInARow) {
        long seconds = FIRST_BACKOFF.toSeconds() << Math.min(Math.max(deathsInARow - 1, 0), 5);
        return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
    }

    private static String describeExit(ServiceProcess process) {
        try {
            int code = process.awaitExit(Duration.ofSeconds(1));
            return code > 128 ? "was killed by signal " + (code - 128) + " (exit " + code + ")" : "exited with code " + code;
        } catch (IllegalStateException e) {
            return "stopped answering";
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        replacer.shutdownNow();
    }

    /** One watched service and what the supervisor knows of it. */
    private static final class Watched {
        final String role;
        final Supplier<ServiceProcess> current;
        final UnaryOperator<ServiceProcess> replacement;
        volatile Instant since;
        volatile String state = "up";
        volatile boolean replacing;
        int deaths;

        Watched(String role, Supplier<ServiceProcess> current, UnaryOperator<ServiceProcess> replacement, Instant since) {
            this.role = role;
            this.current = current;
            this.replacement = replacement;
            this.since = since;
        }
    }
}
