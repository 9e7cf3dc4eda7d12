package com.mangaassist.pipeline.affinity;

import com.mangaassist.pipeline.inference.InferenceCallException;
import com.mangaassist.pipeline.inference.InferenceStreamer;
import com.mangaassist.shared.wire.inference.StatefulSessions;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each conversation on the GPU instance that holds its prefix (ADR 0040). vLLM's automatic
 * prefix caching skips the prefill of a prompt's leading blocks it still holds, and a
 * conversation's next prompt begins with its previous one (system prompt and history); but
 * SageMaker sends each request to whichever instance has the fewest outstanding, so across two or
 * more instances a follow-up mostly lands where nothing is cached. A SageMaker stateful session
 * pins the requests that name it to one instance: this opens one on a conversation's first turn
 * on an endpoint, keeps it in the {@link SessionStore} both compute paths share, and names it on
 * every later turn there.
 *
 * <p>Affinity never costs a turn: a session that cannot be opened or read means a turn without
 * one (and after a failed opening none is tried on that endpoint for {@link #OPEN_BACKOFF}), a
 * session its instance no longer holds or whose instance failed the call is forgotten
 * ({@link #lost}: the turn goes on without it, the next opens another), and a session whose
 * instance reports saturation at or above
 * {@link #DROP_AT_SATURATION} is dropped after the turn, so a hot conversation never pins an
 * overloaded instance: its next turn opens a session wherever least-outstanding routing finds room.
 */
public final class ConversationAffinity {

    /** Running plus waiting at 90 % of the batch: the instance is about to queue. */
    public static final double DROP_AT_SATURATION = 0.9;
    /** A session this close to its expiry is not named again: it could lapse mid-turn. */
    static final Duration EXPIRY_MARGIN = Duration.ofMinutes(2);
    /**
     * After this many openings in a row failed on an endpoint (or their sessions could not be kept), turns go without one for
     * {@link #OPEN_BACKOFF}: no opening per turn against an endpoint that does not open them, while one slow opening under
     * load does not switch affinity off.
     */
    static final int FAILURES_BEFORE_BACKOFF = 3;
    static final Duration OPEN_BACKOFF = Duration.ofSeconds(30);
    /** The longest a turn waits, once its answer is due, for a session still being read or opened; it goes on without after. */
    static final Duration SESSION_WAIT = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(ConversationAffinity.class);

    private final InferenceStreamer streamer;
    private final SessionStore store;
    private final Clock clock;
    private final Consumer<SessionOutcome> outcomes;
    private final boolean enabled;
    private final Duration sessionWait;
    /** Endpoint → until when no session is opened on it. */
    private final java.util.Map<String, java.time.Instant> openRefusedUntil = new java.util.concurrent.ConcurrentHashMap<>();
    /** Endpoint → openings that failed in a row. */
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> failuresInARow = new java.util.concurrent.ConcurrentHashMap<>();
    /** Where sessions are read and opened while a turn loads its history and retrieves: a few daemon threads. */
    private final java.util.concurrent.ExecutorService opener;

    private ConversationAffinity(InferenceStreamer streamer, SessionStore store, Clock clock, Consumer<SessionOutcome> outcomes,
                                 boolean enabled, Duration sessionWait) {
        this.sessionWait = sessionWait;
        this.streamer = streamer;
        this.store = store;
        this.clock = clock;
        this.outcomes = outcomes;
        this.enabled = enabled;
        this.opener = enabled ? new java.util.concurrent.ThreadPoolExecutor(4, 4, 30, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(1_000), com.mangaassist.shared.runtime.DaemonThreads.named("gpu-session"),
                new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy()) : null;
    }

    /**
     * Starts reading (or opening) the session the conversation's turn on {@code endpoint} will name,
     * so it is ready when the answer is asked for; see {@link #await}. A full queue means no session
     * for that turn (the future never completes, and {@link #await} gives up).
     */
    public java.util.concurrent.CompletableFuture<String> prepare(String conversation, String endpoint) {
        if (!enabled) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        java.util.concurrent.CompletableFuture<String> session = new java.util.concurrent.CompletableFuture<>();
        opener.execute(() -> {
            try {
                session.complete(sessionFor(conversation, endpoint));
            } catch (RuntimeException e) {
                session.complete(null);
            }
        });
        return session;
    }

    /**
     * The prepared session, waiting at most {@link #SESSION_WAIT}; {@code null} to go without. A
     * session that opens later is kept all the same, for the conversation's next turn.
     */
    public String await(java.util.concurrent.CompletableFuture<String> prepared) {
        try {
            return prepared.get(sessionWait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    /** @param outcomes told of each turn's session outcome (the services count them as {@code gpu.sessions}) */
    public static ConversationAffinity of(InferenceStreamer streamer, SessionStore store, Clock clock, Consumer<SessionOutcome> outcomes) {
        return of(streamer, store, clock, outcomes, SESSION_WAIT);
    }

    /** @param sessionWait how long a turn waits for its prepared session (tests that are not about time wait long) */
    public static ConversationAffinity of(InferenceStreamer streamer, SessionStore store, Clock clock, Consumer<SessionOutcome> outcomes,
                                          Duration sessionWait) {
        return new ConversationAffinity(Objects.requireNonNull(streamer, "streamer"), Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(outcomes, "outcomes"), true,
                Objects.requireNonNull(sessionWait, "sessionWait"));
    }

    /** No sessions: every turn goes where SageMaker's routing sends it (the comparison's other arm, and tests). */
    public static ConversationAffinity disabled() {
        return new ConversationAffinity(null, null, Clock.systemUTC(), outcome -> { }, false, SESSION_WAIT);
    }

    /**
     * The session the conversation's turn on {@code endpoint} names: the one it holds, or a new one;
     * {@code null} to go without (disabled, or neither the store nor the endpoint answered).
     */
    public String sessionFor(String conversation, String endpoint) {
        if (!enabled) {
            return null;
        }
        try {
            StatefulSessions.Opened held = store.get(conversation, endpoint);
            if (held != null && clock.instant().plus(EXPIRY_MARGIN).isBefore(held.expires())) {
                outcomes.accept(SessionOutcome.REUSED);
                return held.id();
            }
        } catch (RuntimeException storeDown) {
            // Without the store no session can be shared between turns; opening one per turn would only add a round trip.
            outcomes.accept(SessionOutcome.UNAVAILABLE);
            return null;
        }
        return open(conversation, endpoint, SessionOutcome.OPENED);
    }

    /**
     * {@code lost} no longer serves the conversation: its instance does not hold it
     * ({@code session_closed}) or failed the call. Forgotten, so the next turn opens a session
     * wherever SageMaker's routing finds room; the caller goes on without one.
     */
    public void lost(String conversation, String endpoint, String lost) {
        if (!enabled) {
            return;
        }
        LOG.info("event=gpu_session_lost endpoint={} session={}", endpoint, lost);
        forget(conversation, endpoint);
        outcomes.accept(SessionOutcome.LOST);
    }

    /** The answering instance's load, as the turn's response reported it: past the threshold the session is let go. */
    public void instanceLoad(String conversation, String endpoint, String session, double saturation) {
        if (!enabled || session == null || saturation < DROP_AT_SATURATION) {
            return;
        }
        forget(conversation, endpoint);
        streamer.closeSession(endpoint, session);
        outcomes.accept(SessionOutcome.DROPPED_SATURATED);
        LOG.info("event=gpu_session_dropped endpoint={} session={} saturation={}", endpoint, session, saturation);
    }

    private String open(String conversation, String endpoint, SessionOutcome outcome) {
        java.time.Instant refusedUntil = openRefusedUntil.get(endpoint);
        if (refusedUntil != null && clock.instant().isBefore(refusedUntil)) {
            outcomes.accept(SessionOutcome.UNAVAILABLE);
            return null;
        }
        StatefulSessions.Opened opened;
        try {
            opened = streamer.openSession(endpoint);
        } catch (InferenceCallException | RuntimeException e) {
            failed(endpoint);
            outcomes.accept(SessionOutcome.UNAVAILABLE);
            LOG.warn("event=gpu_session_unavailable endpoint={} detail=\"{}\"", endpoint, e.getMessage());
            return null;
        }
        if (opened == null) {
            return null;
        }
        try {
            store.put(conversation, endpoint, opened);
            failuresInARow.remove(endpoint);
        } catch (RuntimeException storeDown) {
            // The turn still uses it; if none can be kept, no more are opened for a while (none could be named again).
            failed(endpoint);
            LOG.warn("event=gpu_session_not_stored endpoint={} detail=\"{}\"", endpoint, storeDown.getMessage());
        }
        outcomes.accept(outcome);
        return opened.id();
    }

    private void failed(String endpoint) {
        if (failuresInARow.computeIfAbsent(endpoint, e -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet()
                >= FAILURES_BEFORE_BACKOFF) {
            failuresInARow.remove(endpoint);
            openRefusedUntil.put(endpoint, clock.instant().plus(OPEN_BACKOFF));
        }
    }

    private void forget(String conversation, String endpoint) {
        try {
            store.remove(conversation, endpoint);
        } catch (RuntimeException storeDown) {
            // It expires on its own; a turn that names it meanwhile is answered session_closed and replaces it.
        }
    }
}
