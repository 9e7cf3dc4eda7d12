package com.mangaassist.pipeline.turn;

import com.mangaassist.pipeline.conversation.Acceptance;
import com.mangaassist.pipeline.conversation.AttemptStage;
import com.mangaassist.pipeline.conversation.Claim;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.conversation.TieredHistoryLoader;
import com.mangaassist.shared.budget.TokenCounter;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.wire.client.SendMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where a client's {@code sendMessage} becomes durable before anyone tells the client yes (ADR
 * 0019): a new message is stored with its first attempt claimed; a message sent again is taken
 * over by a new attempt (the client heard nothing, so whatever ran for it is presumed lost),
 * unless it waits on the overflow queue under a live lease, in which case it is only pointed at
 * the client's current connection, or its attempt started less than one renewal ago, in which
 * case it is left running and the resend is refused for that long (ADR 0033: a storm of resends
 * keeps one generation running, not one per resend); a message that already ended is left alone.
 */
public final class TurnIntake {

    private final MessageAttempts attempts;
    private final TieredHistoryLoader history;
    private final TokenCounter counter;
    private final Clock clock;
    private final EntityExtractor entities = new EntityExtractor();
    private final RunningAttempts running;

    public TurnIntake(ConversationStore store, TieredHistoryLoader history, TokenCounter counter, TurnTimings timings, Clock clock) {
        this(store, history, counter, timings, clock, new RunningAttempts());
    }

    public TurnIntake(ConversationStore store, TieredHistoryLoader history, TokenCounter counter, TurnTimings timings, Clock clock,
                      RunningAttempts running) {
        this(new MessageAttempts(store, timings, clock), history, counter, clock, running);
    }

    /** @param running the attempts this process runs, told at once when a resend here takes one over */
    public TurnIntake(MessageAttempts attempts, TieredHistoryLoader history, TokenCounter counter, Clock clock, RunningAttempts running) {
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.running = Objects.requireNonNull(running, "running");
        this.history = Objects.requireNonNull(history, "history");
        this.counter = Objects.requireNonNull(counter, "counter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What receiving a message did. */
    public sealed interface Received {

        /**
         * An attempt of the message starts now (its ack is the caller's to send).
         *
         * @param version the conversation's version after accepting it; 0 when the message was
         *                accepted before (the run reads it)
         */
        record Started(StoredMessage message, long version, boolean resent) implements Received {
        }

        /** The message waits on the overflow queue under a live lease; its attempt now answers at this connection. */
        record Reattached(StoredMessage message) implements Received {
        }

        /** The message already ended (answered or failed): resume shows how. */
        record Ended(StoredMessage message) implements Received {
        }

        /**
         * An attempt started it less than {@link TurnTimings#attemptRenewal()} ago and is still
         * working on it: not taken over (ADR 0033); the client may send it again after {@code retryAfter}.
         */
        record Running(StoredMessage message, Duration retryAfter) implements Received {
        }
    }

    /**
     * Receives a client's message on {@code connectionId}.
     *
     * @param stage QUEUED when routing sends it to the overflow queue, RUNNING when it runs here
     */
    public Received receive(ConversationRef conversation, SendMessage message, String connectionId, String requestId, AttemptStage stage) {
        List<String> named = entities.extract(message.text());
        NewQuestion question = new NewQuestion(message.messageId(), message.text(), counter.part(message.text()).tokens(), named,
                message.locale(), connectionId, requestId);
        Acceptance acceptance = attempts.accept(conversation, question, stage);
        if (acceptance instanceof Acceptance.Accepted accepted) {
            history.changed(conversation, accepted.version(), accepted.message());
            return new Received.Started(accepted.message(), accepted.version(), false);
        }
        StoredMessage existing = ((Acceptance.Existing) acceptance).message();
        if (existing.state().closed()) {
            return new Received.Ended(existing);
        }
        if (existing.stage() == AttemptStage.QUEUED && !existing.leaseExpired(clock.instant()) && attempts.reattach(existing, connectionId)) {
            return new Received.Reattached(existing);
        }
        Claim claim = attempts.takeOverResent(existing, stage, connectionId);
        if (claim instanceof Claim.Claimed claimed) {
            // Whatever ran the attempt before this one stops now if it runs in this process, else at its next renewal.
            running.supersede(claimed.message().key(), claimed.message().attempt());
            return new Received.Started(claimed.message(), 0, true);
        }
        if (claim instanceof Claim.Closed closed) {
            return new Received.Ended(closed.message());
        }
        if (claim instanceof Claim.Held held) {
            return new Received.Running(held.message(), attempts.timings().attemptRenewal());
        }
        throw new IllegalStateException("message " + message.messageId() + " vanished while it was taken over: " + claim);
    }

    /** The one owner of attempts this intake accepts and takes over with; the other paths use it too. */
    public MessageAttempts attempts() {
        return attempts;
    }

    public TurnTimings timings() {
        return attempts.timings();
    }
}
