package com.mangaassist.shared.contract;

import java.time.Duration;
import java.util.Objects;

/**
 * Every time bound of a turn, derived from one set of numbers so they cannot contradict each
 * other (ADR 0019): the services, the CDK app (Lambda timeout, queue visibility) and the clients
 * (how long a silent message waits before it is sent again) all take theirs from here.
 *
 * <p>The inputs are how long the GPU may take to the first token ({@code firstEvent}) and for the
 * whole answer ({@code stream}), and the slack around them. Everything else follows: a started
 * turn takes at most {@link #maxTurn()}; a Lambda starts one only with that much time left and
 * its timeout adds {@code lambdaSlack}; the queue's visibility timeout is longer than the function
 * timeout (AWS requires it, and a message whose invocation died comes back soon after); a spilled
 * message stays answerable through every delivery SQS makes before the dead-letter queue
 * ({@link #answerDeadline()}); a client waits longer than the first token may legitimately take
 * before it sends a silent message again.
 *
 * @param firstEvent      the first token (and every later gap) may take this long
 * @param stream          a whole answer may take this long on the Lambda's plan; on a task, the floor of {@link #streamFor(int)}
 * @param overhead        what a turn spends besides streaming: history, prompt, stores, frames
 * @param lambdaSlack     the function timeout's margin over a turn (batch bookkeeping, init)
 * @param visibilitySlack the visibility timeout's margin over the function timeout
 * @param maxReceives     deliveries before a message goes to the dead-letter queue
 * @param sweepInterval   how often recovery looks for messages whose attempt's lease ended
 * @param clientSilence   how long a client waits on an accepted message with no frame before sending it again
 */
public record TurnTimings(Duration firstEvent, Duration stream, Duration overhead, Duration lambdaSlack, Duration visibilitySlack,
                          int maxReceives, Duration sweepInterval, Duration clientSilence) {

    /**
     * Below this a streaming answer counts as stalled however steadily it drips: vLLM streams tens
     * of tokens a second per sequence even at its batch limit, so an answer slower than this for
     * its whole length is a sick instance, not a long answer.
     */
    public static final int MIN_TOKENS_PER_SECOND = 4;

    public TurnTimings {
        Objects.requireNonNull(firstEvent, "firstEvent");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(overhead, "overhead");
        Objects.requireNonNull(lambdaSlack, "lambdaSlack");
        Objects.requireNonNull(visibilitySlack, "visibilitySlack");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        Objects.requireNonNull(clientSilence, "clientSilence");
        if (firstEvent.isNegative() || firstEvent.isZero() || stream.compareTo(firstEvent) < 0) {
            throw new IllegalArgumentException("the stream bound must be positive and no shorter than the first-event bound");
        }
        if (maxReceives < 1) {
            throw new IllegalArgumentException("a message is delivered at least once");
        }
        if (clientSilence.compareTo(firstEvent.plus(overhead)) <= 0) {
            throw new IllegalArgumentException("a client must wait longer (" + clientSilence + ") than a first token may take ("
                    + firstEvent.plus(overhead) + ") before sending a message again");
        }
    }

    /** Production: 10 s to the first token, 60 s for an answer; SQS's default three receives. */
    public static TurnTimings defaults() {
        return new TurnTimings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(30), 3, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** The same relations on other GPU bounds (local runs and the fault suite shorten them). */
    public TurnTimings withInference(Duration newFirstEvent, Duration newStream) {
        return new TurnTimings(newFirstEvent, newStream, overhead, lambdaSlack, visibilitySlack, maxReceives, sweepInterval, clientSilence);
    }

    public TurnTimings withSlack(Duration newOverhead, Duration newLambdaSlack, Duration newVisibilitySlack) {
        return new TurnTimings(firstEvent, stream, newOverhead, newLambdaSlack, newVisibilitySlack, maxReceives, sweepInterval, clientSilence);
    }

    public TurnTimings withRecovery(Duration newSweepInterval, Duration newClientSilence) {
        return new TurnTimings(firstEvent, stream, overhead, lambdaSlack, visibilitySlack, maxReceives, newSweepInterval, newClientSilence);
    }

    /** The longest a started turn runs: its stream plus everything around it. */
    public Duration maxTurn() {
        return stream.plus(overhead);
    }

    /** How long a running attempt holds its message before recovery may take it over. */
    public Duration runningLease() {
        return maxTurn();
    }

    /** A Lambda starts a turn only with this much invocation time left. */
    public Duration minRemainingToStart() {
        return maxTurn();
    }

    public Duration lambdaTimeout() {
        return maxTurn().plus(lambdaSlack);
    }

    /** Longer than the function timeout, as AWS requires of an event source's queue. */
    public Duration visibilityTimeout() {
        return lambdaTimeout().plus(visibilitySlack);
    }

    /** How long a spilled attempt holds its message: every delivery SQS makes before the dead-letter queue. */
    public Duration queuedLease() {
        return visibilityTimeout().multipliedBy(maxReceives);
    }

    /**
     * How often a running attempt renews its lease and learns whether it is still the attempt, and
     * the least time between two takeovers of one message by resends (ADR 0033): half the
     * first-token bound. A superseded attempt elsewhere stops within one renewal, and a storm of
     * resends takes the message over at most once per renewal, so at most two generations of one
     * message overlap, for at most this long.
     */
    public Duration attemptRenewal() {
        return firstEvent.dividedBy(2);
    }

    /**
     * How long a streaming answer of at most {@code maxTokens} may take where nothing else bounds it
     * (a Fargate task, whose attempt renews its lease for as long as it works): a healthy long answer
     * is bounded by its token limit and by the silence between tokens ({@code firstEvent}), not cut
     * at {@code stream} — {@code stream} is the floor, and beyond it every token may take
     * {@code 1 / MIN_TOKENS_PER_SECOND}. Only an endpoint that drips slower than that for the whole
     * answer is cut (and counted against it); the Lambda's remaining time still bounds it there.
     */
    public Duration streamFor(int maxTokens) {
        return streamFor(firstEvent, stream, maxTokens);
    }

    /** {@link #streamFor(int)} on a streamer's own bounds (the inference client knows no other timings). */
    public static Duration streamFor(Duration firstEvent, Duration stream, int maxTokens) {
        long tokenMillis = (Math.max(0, maxTokens) * 1000L + MIN_TOKENS_PER_SECOND - 1) / MIN_TOKENS_PER_SECOND;
        Duration byTokens = firstEvent.plusMillis(tokenMillis);
        return byTokens.compareTo(stream) > 0 ? byTokens : stream;
    }

    /** Past this age a message that has not started answers {@code expired} instead of late: after SQS's last delivery could finish. */
    public Duration answerDeadline() {
        return queuedLease().plus(maxTurn());
    }
}
