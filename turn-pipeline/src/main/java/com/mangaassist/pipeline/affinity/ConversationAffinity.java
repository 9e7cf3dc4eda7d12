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
 * one, a session its instance no longer holds is replaced at once (the caller asks for another
 * with {@link #replace}), and a session whose instance reports saturation at or above
 * {@link #DROP_AT_SATURATION} is dropped after the turn, so a hot conversation never pins an
 * overloaded instance: its next turn opens a session wherever least-outstanding routing finds room.
 */
public final class ConversationAffinity {

    /** Running plus waiting at 90 % of the batch: the instance is about to queue. */
    public static final double DROP_AT_SATURATION = 0.9;
    /** A session this close to its expiry is not named again: it could lapse mid-turn. */
    static final Duration EXPIRY_MARGIN = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(ConversationAffinity.class);

    private final InferenceStreamer streamer;
    private final SessionStore store;
    private final Clock clock;
    private final Consumer<SessionOutcome> outcomes;
    private final boolean enabled;

    private ConversationAffinity(InferenceStreamer streamer, SessionStore store, Clock clock, Consumer<SessionOutcome> outcomes,
                                 boolean enabled) {
        this.streamer = streamer;
        this.store = store;
        this.clock = clock;
        this.outcomes = outcomes;
        this.enabled = enabled;
    }

    /** @param outcomes told of each turn's session outcome (the services count them as {@code gpu.sessions}) */
    public static ConversationAffinity of(InferenceStreamer streamer, SessionStore store, Clock clock, Consumer<SessionOutcome> outcomes) {
        return new ConversationAffinity(Objects.requireNonNull(streamer, "streamer"), Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(outcomes, "outcomes"), true);
    }

    /** No sessions: every turn goes where SageMaker's routing sends it (the comparison's other arm, and tests). */
    public static ConversationAffinity disabled() {
        return new ConversationAffinity(null, null, Clock.systemUTC(), outcome -> { }, false);
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
     * The instance no longer holds {@code lost} (the call failed with {@code session_closed}, before
     * any token): forgets it and opens another for the retry; {@code null} to retry without one.
     */
    public String replace(String conversation, String endpoint, String lost) {
        if (!enabled) {
            return null;
        }
        LOG.info("event=gpu_session_lost endpoint={} session={}", endpoint, lost);
        forget(conversation, endpoint);
        return open(conversation, endpoint, SessionOutcome.LOST);
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
        StatefulSessions.Opened opened;
        try {
            opened = streamer.openSession(endpoint);
        } catch (InferenceCallException e) {
            outcomes.accept(SessionOutcome.UNAVAILABLE);
            LOG.warn("event=gpu_session_unavailable endpoint={} detail=\"{}\"", endpoint, e.getMessage());
            return null;
        }
        if (opened == null) {
            return null;
        }
        try {
            store.put(conversation, endpoint, opened);
        } catch (RuntimeException storeDown) {
            // The turn still uses it; the next one opens another.
            LOG.warn("event=gpu_session_not_stored endpoint={} detail=\"{}\"", endpoint, storeDown.getMessage());
        }
        outcomes.accept(outcome);
        return opened.id();
    }

    private void forget(String conversation, String endpoint) {
        try {
            store.remove(conversation, endpoint);
        } catch (RuntimeException storeDown) {
            // It expires on its own; a turn that names it meanwhile is answered session_closed and replaces it.
        }
    }
}
