package com.mangaassist.pipeline.turn;

import com.mangaassist.pipeline.conversation.Acceptance;
import com.mangaassist.pipeline.conversation.AttemptStage;
import com.mangaassist.pipeline.conversation.Claim;
import com.mangaassist.pipeline.conversation.ClaimRule;
import com.mangaassist.pipeline.conversation.Closing;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.Lease;
import com.mangaassist.pipeline.conversation.MessageKey;
import com.mangaassist.pipeline.conversation.NewAnswer;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.wire.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The one owner of a message's attempts (issue 27, ADR 0042): every path that accepts, claims,
 * reattaches, renews, releases or closes an attempt — the intake, the pipeline, the sweeper,
 * admission, the drain, the overflow function, its primer — does it here, and nowhere else
 * (an architecture test in each service module holds that). Here too is the one lease policy:
 * a running attempt holds its message for {@link TurnTimings#runningLease()} from its last
 * renewal, never past the moment its worker must stop (a Lambda's remaining time); a queued one
 * for {@link TurnTimings#queuedLease()}, through every delivery SQS makes. Which claim rule each
 * path uses is said once, by the method's name, instead of at six call sites.
 *
 * <p>Stateless over the store: instances built from the same store, timings and clock behave
 * alike, so a process may hold several.
 */
public final class MessageAttempts {

    private final ConversationStore store;
    private final TurnTimings timings;
    private final Clock clock;

    public MessageAttempts(ConversationStore store, TurnTimings timings, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.timings = Objects.requireNonNull(timings, "timings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The lease an attempt at {@code stage} takes from now: a queued one lasts through every delivery SQS makes. */
    public Lease lease(AttemptStage stage) {
        Instant now = clock.instant();
        return stage == AttemptStage.QUEUED ? Lease.queued(now.plus(timings.queuedLease())) : Lease.running(now.plus(timings.runningLease()));
    }

    /**
     * A running lease from now, ending no later than {@code finishBy} when the worker must stop then
     * ({@code null}: a task, which stops when it dies): recovery then takes over as soon as a frozen
     * or timed-out function can no longer answer.
     */
    Lease runningLease(Instant finishBy) {
        Lease lease = lease(AttemptStage.RUNNING);
        return finishBy != null && finishBy.isBefore(lease.until()) ? Lease.running(finishBy) : lease;
    }

    /** Stores a new message with attempt 1 at {@code stage}, or returns the message accepted before under its id. */
    public Acceptance accept(ConversationRef conversation, NewQuestion question, AttemptStage stage) {
        return store.accept(conversation, question, lease(stage));
    }

    /** Points a queued message's current attempt at {@code connectionId}; false when it is no longer current. */
    public boolean reattach(StoredMessage queued, String connectionId) {
        return store.reattach(queued.key(), queued.attempt(), connectionId);
    }

    /**
     * A client sent {@code existing} again: the next attempt, at {@code stage}, answering at
     * {@code connectionId}, unless the current one started less than one renewal ago (ADR 0033).
     */
    public Claim takeOverResent(StoredMessage existing, AttemptStage stage, String connectionId) {
        return store.claim(existing.key(), new ClaimRule.Resend(clock.instant().minus(timings.attemptRenewal())), lease(stage), connectionId);
    }

    /**
     * The attempt after {@code attempt}, to run now in a worker that must stop by {@code finishBy}
     * ({@code null}: a task), if {@code attempt} is still current: a spill's fallback, a queue
     * delivery, a restart before the first token.
     */
    public Claim claimNext(MessageKey message, int attempt, Instant finishBy) {
        return store.claim(message, new ClaimRule.IfStillAttempt(attempt), runningLease(finishBy), null);
    }

    /** The next attempt of a message whose worker stopped renewing its lease (recovery). */
    public Claim takeOverStranded(MessageKey message) {
        return store.claim(message, new ClaimRule.IfLeaseEnded(), lease(AttemptStage.RUNNING), null);
    }

    /**
     * Extends {@code attempt}'s running lease from now (never past {@code finishBy}) while it still
     * holds the message; false once another attempt holds it or it closed.
     */
    public boolean renew(MessageKey message, int attempt, Instant finishBy) {
        return store.renew(message, attempt, runningLease(finishBy).until());
    }

    /** Ends {@code attempt}'s lease now so recovery or a redelivery takes the message over at once. */
    public void release(MessageKey message, int attempt) {
        store.release(message, attempt);
    }

    /** Stores the answer of the attempt that holds {@code held}, if it still holds it. */
    public Closing answer(StoredMessage held, NewAnswer answer) {
        return store.answer(held, answer);
    }

    /** Closes {@code held}'s message with an error, if its attempt still holds it. */
    public Closing fail(StoredMessage held, ErrorCode code, String text) {
        return store.fail(held, code, text);
    }

    public TurnTimings timings() {
        return timings;
    }
}
