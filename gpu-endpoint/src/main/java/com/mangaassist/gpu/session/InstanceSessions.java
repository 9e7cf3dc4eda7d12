package com.mangaassist.gpu.session;

import com.mangaassist.shared.wire.inference.StatefulSessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The stateful sessions this instance holds (SageMaker's contract, {@link StatefulSessions}). A
 * session is what makes SageMaker send a conversation's later turns here, where the engine's prefix
 * cache already holds its system prompt and history; the container keeps nothing else for it, so a
 * session costs a map entry. Each lives until the expiry it was announced with, or until closed;
 * at {@code capacity} the oldest goes first (its caller opens another on its next turn).
 */
public final class InstanceSessions {

    /** Long enough to span a conversation's pauses, short enough that a quiet one frees its slot. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(20);
    public static final int DEFAULT_CAPACITY = 100_000;

    private final Clock clock;
    private final Duration lifetime;
    private final int capacity;
    /** Insertion order is opening order: the eldest entry is the first to evict. */
    private final LinkedHashMap<String, Instant> expiries = new LinkedHashMap<>();

    public InstanceSessions(Clock clock, Duration lifetime, int capacity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero() || capacity < 1) {
            throw new IllegalArgumentException("a session lives a while, and at least one fits");
        }
        this.capacity = capacity;
    }

    public static InstanceSessions withDefaults() {
        return new InstanceSessions(Clock.systemUTC(), DEFAULT_LIFETIME, DEFAULT_CAPACITY);
    }

    /** Opens a session: its id and the expiry to announce (whole seconds, as the header carries it). */
    public synchronized StatefulSessions.Opened open() {
        Instant now = clock.instant();
        dropExpired(now);
        while (expiries.size() >= capacity) {
            Iterator<Map.Entry<String, Instant>> eldest = expiries.entrySet().iterator();
            eldest.next();
            eldest.remove();
        }
        String id = UUID.randomUUID().toString();
        Instant expires = now.plus(lifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        expiries.put(id, expires);
        return new StatefulSessions.Opened(id, expires);
    }

    /** Whether {@code id} is a session of this instance that has not expired. */
    public synchronized boolean holds(String id) {
        Instant expires = expiries.get(id);
        if (expires == null) {
            return false;
        }
        if (!clock.instant().isBefore(expires)) {
            expiries.remove(id);
            return false;
        }
        return true;
    }

    /** Closes {@code id}; false when this instance did not hold it. */
    public synchronized boolean close(String id) {
        return expiries.remove(id) != null;
    }

    /** Sessions open now. */
    public synchronized int size() {
        dropExpired(clock.instant());
        return expiries.size();
    }

    /** Opening order is expiry order (one lifetime for all): stop at the first that has not expired. */
    private void dropExpired(Instant now) {
        Iterator<Instant> oldest = expiries.values().iterator();
        while (oldest.hasNext() && !now.isBefore(oldest.next())) {
            oldest.remove();
        }
    }
}
