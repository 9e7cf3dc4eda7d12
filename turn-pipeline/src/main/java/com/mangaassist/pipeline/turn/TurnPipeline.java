package com.mangaassist.pipeline.turn;

import com.mangaassist.pipeline.affinity.ConversationAffinity;
import com.mangaassist.pipeline.delivery.ReplyFrames;
import com.mangaassist.pipeline.delivery.ReplyStream;
import com.mangaassist.pipeline.delivery.ReplyStreams;
import com.mangaassist.pipeline.conversation.CachedHistory;
import com.mangaassist.pipeline.conversation.Claim;
import com.mangaassist.pipeline.conversation.Closing;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.NewAnswer;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.conversation.TieredHistoryLoader;
import com.mangaassist.pipeline.events.ChatEventPublisher;
import com.mangaassist.pipeline.grounding.Grounding;
import com.mangaassist.pipeline.grounding.TurnGrounding;
import com.mangaassist.pipeline.inference.InferenceCallException;
import com.mangaassist.pipeline.inference.InferenceStreamer;
import com.mangaassist.pipeline.redis.PrincipalTurns;
import com.mangaassist.pipeline.usage.TokenQuotas;
import com.mangaassist.shared.budget.AssembledPrompt;
import com.mangaassist.shared.budget.BudgetRequest;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.budget.ConversationTurn;
import com.mangaassist.shared.budget.PromptPart;
import com.mangaassist.shared.contract.LogEvents;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.model.ModelSelection;
import com.mangaassist.shared.model.ModelSelector;
import com.mangaassist.shared.runtime.DaemonThreads;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.ChatEventType;
import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import com.mangaassist.shared.wire.server.Done;
import com.mangaassist.shared.wire.server.Quota;
import com.mangaassist.shared.wire.server.Source;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of an accepted message end to end, identically on the Fargate and the Lambda
 * path (ADR 0019): load the conversation's window at the version the caller knows, select the
 * model, retrieve what grounds the answer (ADR 0030; within its deadline, never failing the turn),
 * fit the prompt from it and the answered messages before this one, stream the answer to the
 * attempt's connection, store it next to its question — only while this attempt still holds the
 * message — and close with {@code done}, or store and send the error that ends the message.
 * Blocking; the caller chooses the thread.
 *
 * <p>What cannot finish here is handed on, never cut: out of invocation time, interrupted by a
 * drain, or a dependency down, the attempt ends its lease and sends nothing terminal, so the next
 * attempt (a redelivery, a spill, recovery, the client's resend) starts at once. A GPU endpoint
 * that fails mid-answer gets the answer started again on a new attempt (the client drops what
 * the old one showed), at most {@value #MID_STREAM_RESTARTS} times. A connection that went away
 * does not stop the answer: it is stored, and {@code resume} returns it. While it works, an
 * attempt renews its lease; one another attempt took over stops at its next renewal, cancelling
 * its generation (ADR 0031), or at once when the takeover happened in this process (ADR 0033).
 */
public final class TurnPipeline implements TurnRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TurnPipeline.class);
    /** History beyond twice the window can never be in the prompt; it is not even handed to the budget. */
    private static final int HISTORY_WINDOW_FACTOR = 2;
    /** New attempts started here after an endpoint failed mid-answer, before the message ends in the error. */
    static final int MID_STREAM_RESTARTS = 2;
    /** What storing the answer and sending done may take after the stream, within a caller's deadline. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(3);
    /** Renewals are one short conditional write each; one thread serves every attempt of a process. */
    private static final ScheduledExecutorService SHARED_LEASE_TIMER = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lease-keeper"));

    private final ConversationStore store;
    private final MessageAttempts attempts;
    private final PrincipalTurns principalTurns;
    private final TieredHistoryLoader history;
    private final ContextBudgetManager budget;
    private final ModelSelector selector;
    private final InferenceStreamer inference;
    private final ReplyStreams replies;
    private final ChatEventPublisher events;
    private final TurnTimings timings;
    private final EntityExtractor entities = new EntityExtractor();
    private final TurnGrounding grounding;
    private final PromptPart systemPrompt;
    private final Duration deliveryTimeout;
    private final Clock clock;
    private final Duration leaseRenewal;
    private final ScheduledExecutorService leaseTimer;
    private final RunningAttempts running;
    private final Consumer<ModelSelection> modelSelections;
    private final ConversationAffinity affinity;
    private final TokenQuotas quotas;

    private TurnPipeline(Builder b) {
        this.store = Objects.requireNonNull(b.store, "store");
        this.history = Objects.requireNonNull(b.history, "history");
        this.budget = Objects.requireNonNull(b.budget, "budget");
        this.selector = Objects.requireNonNull(b.selector, "selector");
        this.inference = Objects.requireNonNull(b.inference, "inference");
        this.replies = Objects.requireNonNull(b.replies, "replies");
        this.events = Objects.requireNonNull(b.events, "events");
        this.timings = Objects.requireNonNull(b.timings, "timings");
        this.systemPrompt = budget.counter().part(Objects.requireNonNull(b.systemPrompt, "systemPrompt"));
        this.grounding = b.grounding != null ? b.grounding : TurnGrounding.disabled(budget.counter());
        this.deliveryTimeout = b.deliveryTimeout;
        this.clock = b.clock;
        this.leaseRenewal = b.leaseRenewal != null ? b.leaseRenewal : timings.attemptRenewal();
        this.running = b.running != null ? b.running : new RunningAttempts();
        this.leaseTimer = b.leaseTimer != null ? b.leaseTimer : SHARED_LEASE_TIMER;
        this.modelSelections = b.modelSelections;
        this.affinity = b.affinity;
        this.attempts = b.attempts != null ? b.attempts : new MessageAttempts(store, timings, clock);
        this.principalTurns = b.principalTurns != null ? b.principalTurns : PrincipalTurns.disabled();
        this.quotas = b.quotas;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TurnOutcome run(TurnCommand command) {
        long startNanos = System.nanoTime();
        Accounting accounting = new Accounting();
        TurnCommand current = command;
        TurnOutcome outcome;
        for (int restarts = 0; ; restarts++) {
            ReplyStream reply = replies.open(current.connectionId(), current.messageId(), current.attempt());
            if (!current.acked()) {
                reply.ack(current.message().questionSeq());
            }
            if (AttemptCap.exceededBy(current.attempt())) {
                LOG.error("event=attempts_exhausted requestId={} messageId={} attempt={}", current.requestId(), current.messageId(), current.attempt());
                outcome = fail(current, reply, ErrorCode.INTERNAL, AttemptCap.TEXT);
                break;
            }
            Step step = attempt(current, reply, accounting, startNanos, restarts < MID_STREAM_RESTARTS);
            if (step instanceof Step.Ended ended) {
                outcome = ended.outcome();
                break;
            }
            reply.abandon();
            Claim next = attempts.claimNext(current.key(), current.attempt(), current.finishBy());
            if (!(next instanceof Claim.Claimed claimed)) {
                outcome = new TurnOutcome.Superseded();
                break;
            }
            LOG.warn("event=turn_restarted requestId={} messageId={} attempt={} reason=\"{}\"", current.requestId(), current.messageId(),
                    claimed.message().attempt(), ((Step.Restart) step).reason());
            current = current.next(claimed.message());
        }
        publish(current, outcome, accounting, Duration.ofNanos(System.nanoTime() - startNanos));
        return outcome;
    }

    /** What one attempt came to: an ending, or a fault after tokens that a new attempt may fix. */
    private sealed interface Step {
        record Ended(TurnOutcome outcome) implements Step {
        }

        record Restart(String reason) implements Step {
        }
    }

    private Step attempt(TurnCommand command, ReplyStream reply, Accounting accounting, long startNanos, boolean mayRestart) {
        try {
            return execute(command, reply, accounting, startNanos, mayRestart);
        } catch (RuntimeException e) {
            // A dependency failed (DynamoDB stalled, a bug): end the lease so recovery or the client's resend retries at once.
            LOG.error("event=turn_crashed requestId={} conversationId={} messageId={} attempt={}", command.requestId(), command.conversationId(),
                    command.messageId(), command.attempt(), e);
            return new Step.Ended(abandon(command, reply, "crashed: " + e));
        }
    }

    private Step execute(TurnCommand command, ReplyStream reply, Accounting accounting, long startNanos, boolean mayRestart) {
        StoredMessage message = command.message();
        Instant now = clock.instant();
        if (now.isAfter(message.createdAt().plus(timings.answerDeadline()))) {
            return new Step.Ended(fail(command, reply, ErrorCode.EXPIRED, "the message waited too long to be answered; please send it again"));
        }
        if (command.finishBy() != null && Duration.between(now, command.finishBy()).compareTo(CLOSE_MARGIN) <= 0) {
            return new Step.Ended(abandon(command, reply, "out of time before the turn started"));
        }
        long version = command.version() > 0 ? command.version() : store.meta(command.conversation()).version();
        CachedHistory window = history.load(command.conversation(), version);
        StoredMessage.Question asked = message.question();
        PromptPart query = new PromptPart(asked.text(), asked.tokens());
        ModelSelection model = selector.select(asked.locale(), query, (int) (message.index() - 1), command.degrade());
        // Read or opened while history and retrieval run: a first turn's session costs it no time of its own (ADR 0040).
        CompletableFuture<String> session = affinity.prepare(command.conversation().partitionKey(), model.endpointName());
        if (!accounting.tierCounted) {
            // Once per attempt: a restart asks the same question of the same tier.
            accounting.tierCounted = true;
            modelSelections.accept(model);
        }
        List<ConversationTurn> prior = HistoryWindow.before(window.messages(), message.index(), HISTORY_WINDOW_FACTOR * model.contextWindow());
        if (accounting.grounding == null) {
            // Once per message: a restarted attempt answers from what the first one found.
            int room = model.contextWindow() - systemPrompt.tokens() - model.maxOutputTokens() - query.tokens() - BudgetRequest.MIN_WINDOW;
            accounting.grounding = grounding.ground(asked.text(), previousUserTurn(prior), command.principal(), Math.max(0, room),
                    command.requestId());
        }
        AssembledPrompt prompt = budget.assemble(BudgetRequest.builder().systemPrompt(systemPrompt).query(query).history(prior)
                .ragContext(accounting.grounding.context()).outputReserve(model.maxOutputTokens()).contextWindow(model.contextWindow()).build());
        List<Source> sources = accounting.grounding.sourcesIn(prompt.ragContext());
        accounting.promptTokens = prompt.promptTokens();
        accounting.turnsDropped = prompt.turnsDropped();
        InferenceRequest request = inferenceRequest(command.requestId(), model, systemPrompt, query, prompt);

        try (AttemptKeeper keeper = AttemptKeeper.start(attempts, command.key(), command.attempt(), command.finishBy(), leaseRenewal, leaseTimer)) {
            running.started(command.key(), keeper);
            try {
                return generate(command, reply, accounting, startNanos, mayRestart, model, request, sources, keeper, session);
            } finally {
                running.ended(command.key(), keeper);
            }
        }
    }

    /** Streams the answer, then stores it and sends {@code done}; stops as soon as the keeper learns another attempt took over. */
    private Step generate(TurnCommand command, ReplyStream reply, Accounting accounting, long startNanos, boolean mayRestart, ModelSelection model,
                          InferenceRequest request, List<Source> sources, AttemptKeeper keeper, CompletableFuture<String> session) {
        StoredMessage message = command.message();
        if (!keeper.current()) {
            // Taken over while this attempt loaded history and context: no generation starts for it.
            reply.abandon();
            return new Step.Ended(new TurnOutcome.Superseded());
        }
        StringBuilder answer = new StringBuilder();
        InferenceChunk.EndChunk end;
        try {
            end = streamInSession(command, model, request, session, token -> {
                if (!keeper.current()) {
                    // Superseded: nothing more goes out, and the stream is cancelled so the GPU frees the sequence.
                    return false;
                }
                if (accounting.ttft == null) {
                    accounting.ttft = Duration.ofNanos(System.nanoTime() - startNanos);
                }
                answer.append(token);
                reply.token(token);
                return !Thread.currentThread().isInterrupted();
            });
        } catch (InferenceCallException e) {
            if (!keeper.current()) {
                reply.abandon();
                return new Step.Ended(new TurnOutcome.Superseded());
            }
            if (e.outOfTime()) {
                return new Step.Ended(abandon(command, reply, "out of time mid-answer"));
            }
            if (Thread.currentThread().isInterrupted()) {
                return new Step.Ended(abandon(command, reply, "interrupted"));
            }
            boolean endpointFault = e.code() == ErrorCode.MODEL_UNAVAILABLE || e.code() == ErrorCode.INTERNAL;
            if (endpointFault && e.afterTokens() && mayRestart) {
                return new Step.Restart(e.getMessage());
            }
            return new Step.Ended(fail(command, reply, e.code(), e.getMessage()));
        }
        if (!keeper.current()) {
            reply.abandon();
            return new Step.Ended(new TurnOutcome.Superseded());
        }
        if (Thread.currentThread().isInterrupted()) {
            return new Step.Ended(abandon(command, reply, "interrupted"));
        }
        accounting.promptTokens = end.usage().promptTokens();
        accounting.completionTokens = end.usage().completionTokens();
        accounting.turnsDropped = Math.max(accounting.turnsDropped, end.turnsDropped());
        String answerText = answer.toString();
        List<String> answerEntities = entities.extract(answerText);
        long charged = end.usage().totalTokens();
        Closing closing = attempts.answer(command.message(),
                new NewAnswer(answerText, budget.counter().count(answerText), answerEntities, command.route(), end.usage().completionTokens(),
                        model.tier(), charged));
        if (!(closing instanceof Closing.Closed closed)) {
            reply.abandon();
            return new Step.Ended(new TurnOutcome.Superseded());
        }
        LOG.info("event={} principal={} tokens={} route={} tier={}", LogEvents.USAGE_CHARGED, command.principal(), charged,
                command.route().wireName(), model.tier().wireName());
        history.changed(command.conversation(), closed.version(), closed.message());
        ended(command);
        int dropped = accounting.turnsDropped;
        Quota usage = usageAfter(command, charged);
        boolean delivered = awaitTerminal(command, reply.finish(seq -> new Done(command.messageId(), seq, command.attempt(),
                message.answerSeq(), command.route(), end.usage(), dropped > 0, dropped, !sources.isEmpty(), sources, usage)));
        return new Step.Ended(new TurnOutcome.Completed(message.answerSeq(), model.endpointName(), end.usage(), dropped,
                accounting.ttft == null ? Duration.ofNanos(System.nanoTime() - startNanos) : accounting.ttft, delivered && reply.deliverable()));
    }

    /**
     * The caller's usage with this answer charged, for {@code done}: admission's reading plus the answer when admission read
     * it, else read now (the charge is stored by then). Only shown, never decides anything: a failed read leaves it out.
     */
    private Quota usageAfter(TurnCommand command, long charged) {
        if (quotas == null) {
            return null;
        }
        if (command.usage() != null) {
            return command.usage().plus(charged);
        }
        try {
            return quotas.current(command.principal());
        } catch (RuntimeException e) {
            LOG.warn("event=usage_unread requestId={} detail=\"{}\"", command.requestId(), e.toString());
            return null;
        }
    }

    /**
     * Streams the answer within the conversation's stateful session on the endpoint (ADR 0040). A
     * session its instance no longer holds is forgotten and the call made once more without one,
     * before any token, so the user never sees it (the next turn opens a fresh one); a session whose
     * instance failed the call is forgotten too, so the conversation is not held to a broken
     * instance; the answering instance's load decides whether the session is kept for the next turn.
     * Nothing of the session machinery fails a turn: a session code never reaches the client.
     */
    private InferenceChunk.EndChunk streamInSession(TurnCommand command, ModelSelection model, InferenceRequest request,
                                                    CompletableFuture<String> pending, InferenceStreamer.TokenListener tokens)
            throws InferenceCallException {
        String conversation = command.conversation().partitionKey();
        String endpoint = model.endpointName();
        String session = affinity.await(pending);
        double[] load = {Double.NaN};
        InferenceStreamer.TokenListener observed = new InferenceStreamer.TokenListener() {
            @Override
            public boolean onToken(String text) {
                return tokens.onToken(text);
            }

            @Override
            public void onInstanceLoad(double saturation) {
                load[0] = saturation;
            }
        };
        InferenceChunk.EndChunk end;
        try {
            try {
                end = inference.stream(endpoint, session, request, observed, streamBound(command, request));
            } catch (InferenceCallException e) {
                if (session == null || e.code() != ErrorCode.SESSION_CLOSED || e.afterTokens()) {
                    throw e;
                }
                affinity.lost(conversation, endpoint, session);
                session = null;
                end = inference.stream(endpoint, null, request, observed, streamBound(command, request));
            }
        } catch (InferenceCallException e) {
            if (session != null && !e.outOfTime() && (e.code() == ErrorCode.MODEL_UNAVAILABLE || e.code() == ErrorCode.INTERNAL)) {
                affinity.lost(conversation, endpoint, session);
            }
            if (e.code() == ErrorCode.SESSION_CLOSED) {
                throw new InferenceCallException(ErrorCode.MODEL_UNAVAILABLE, e.getMessage(), e.afterTokens());
            }
            throw e;
        }
        if (!Double.isNaN(load[0])) {
            try {
                affinity.instanceLoad(conversation, endpoint, session, load[0]);
            } catch (RuntimeException e) {
                // The answer is complete: a session that could not be let go expires on its own.
                LOG.warn("event=gpu_session_release_failed detail=\"{}\"", e.toString());
            }
        }
        return end;
    }

    /**
     * The stream may run until the caller's deadline minus what closing takes (a Lambda); otherwise as long as an answer of
     * the request's token limit may take ({@link TurnTimings#streamFor}): the attempt renews its lease meanwhile, so a long
     * healthy answer is not cut at a wall-clock total and generated again.
     */
    private Duration streamBound(TurnCommand command, InferenceRequest request) {
        if (command.finishBy() == null) {
            return timings.streamFor(request.maxTokens());
        }
        Duration left = Duration.between(clock.instant(), command.finishBy()).minus(CLOSE_MARGIN);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Stores the error that ends the message (if this attempt still holds it) and sends it. */
    private TurnOutcome fail(TurnCommand command, ReplyStream reply, ErrorCode code, String text) {
        Closing closing = attempts.fail(command.message(), code, text);
        if (!(closing instanceof Closing.Closed closed)) {
            reply.abandon();
            return new TurnOutcome.Superseded();
        }
        history.changed(command.conversation(), closed.version(), closed.message());
        ended(command);
        awaitTerminal(command, reply.finish(seq -> ReplyFrames.attemptError(command.messageId(), seq, command.attempt(), code, text)));
        return new TurnOutcome.Failed(code, text);
    }

    /**
     * The message is closed (answered or failed) by this attempt: its caller's turn in flight is free before the
     * terminal frame goes out, so a caller at its cap may send the next message as soon as it sees {@code done}. A
     * superseded or abandoned attempt leaves the slot to the attempt that answers.
     */
    private void ended(TurnCommand command) {
        principalTurns.ended(command.message().principal(), command.message().conversationId(), command.messageId());
    }

    private TurnOutcome abandon(TurnCommand command, ReplyStream reply, String reason) {
        reply.abandon();
        // An interrupted thread (a drain's abort) would have the SDK refuse the call: release first, then keep the interrupt.
        boolean interrupted = Thread.interrupted();
        try {
            attempts.release(command.key(), command.attempt());
        } catch (RuntimeException e) {
            // The store is what failed: the lease then ends on its own, and recovery takes over after it.
            LOG.warn("event=release_failed messageId={} attempt={} detail=\"{}\"", command.messageId(), command.attempt(), e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("event=turn_abandoned requestId={} messageId={} attempt={} reason=\"{}\"", command.requestId(), command.messageId(),
                command.attempt(), reason);
        return new TurnOutcome.Abandoned(reason);
    }

    /** Waits for the terminal frame to go out (a drain must not exit before it); false when it could not be delivered. */
    private boolean awaitTerminal(TurnCommand command, CompletableFuture<Boolean> sent) {
        try {
            return sent.get(deliveryTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("event=terminal_frame_undelivered requestId={} messageId={} detail=\"{}\"", command.requestId(), command.messageId(),
                    e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * What the GPU endpoint is asked for a fitted prompt: the parts with their counts (so the
     * endpoint re-fits without tokenizing, ADR 0015), streamed. Public for the benchmark that
     * calls the endpoint directly with exactly what a turn sends.
     */
    public static InferenceRequest inferenceRequest(String requestId, ModelSelection model, PromptPart systemPrompt, PromptPart query,
                                                    AssembledPrompt prompt) {
        String rag = prompt.ragContext().text().isEmpty() ? null : prompt.ragContext().text();
        return new InferenceRequest(requestId, model.adapter(), systemPrompt.text(), rag, prompt.includedTurns(), query.text(), query.tokens(),
                Math.max(1, prompt.outputTokens()), model.contextWindow(), true);
    }

    /** The caller's message before this one, which a follow-up ("how many volumes?") needs to be searched with. */
    private static String previousUserTurn(List<ConversationTurn> prior) {
        for (int i = prior.size() - 1; i >= 0; i--) {
            if (prior.get(i).role() == Role.USER) {
                return prior.get(i).text();
            }
        }
        return null;
    }

    /** One event per message that closed here; superseded and abandoned attempts close nothing. */
    private void publish(TurnCommand command, TurnOutcome outcome, Accounting accounting, Duration duration) {
        if (!(outcome instanceof TurnOutcome.Completed) && !(outcome instanceof TurnOutcome.Failed)) {
            return;
        }
        ChatEventType type = outcome instanceof TurnOutcome.Completed ? ChatEventType.TURN_COMPLETED : ChatEventType.TURN_FAILED;
        ErrorCode code = outcome instanceof TurnOutcome.Failed failed ? failed.code() : null;
        events.publish(new ChatEvent(UUID.randomUUID().toString(), type, command.conversationId(), command.messageId(), command.principal(),
                command.route(), Instant.now(clock), accounting.promptTokens, accounting.completionTokens,
                accounting.ttft == null ? null : accounting.ttft.toMillis(), duration.toMillis(), accounting.turnsDropped > 0,
                accounting.turnsDropped, code, accounting.grounding == null ? null : accounting.grounding.figures()));
    }

    /** What the turn cost, filled in as it goes (for the event, whatever the outcome). */
    private static final class Accounting {
        int promptTokens;
        int completionTokens;
        int turnsDropped;
        volatile Duration ttft;
        Grounding grounding;
        boolean tierCounted;
    }

    public static final class Builder {
        private ConversationStore store;
        private MessageAttempts attempts;
        private PrincipalTurns principalTurns;
        private TieredHistoryLoader history;
        private ContextBudgetManager budget;
        private ModelSelector selector;
        private InferenceStreamer inference;
        private ReplyStreams replies;
        private ChatEventPublisher events;
        private TurnGrounding grounding;
        private TurnTimings timings = TurnTimings.defaults();
        private String systemPrompt = DEFAULT_SYSTEM_PROMPT;
        private Duration deliveryTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();
        private Duration leaseRenewal;
        private RunningAttempts running;
        private ScheduledExecutorService leaseTimer;
        private Consumer<ModelSelection> modelSelections = selection -> { };
        private ConversationAffinity affinity = ConversationAffinity.disabled();
        private TokenQuotas quotas;

        /** What the assistant is told about itself on every turn. */
        public static final String DEFAULT_SYSTEM_PROMPT = "You are MangaAssist, a helpful assistant for a manga store. "
                + "Answer in the user's language. Recommend titles and state store policies only from the numbered references you are given, "
                + "citing them as [n]; order details come only from the customer's own orders among them. "
                + "If the references do not cover the question, say so instead of guessing.";

        private Builder() {
        }

        public Builder store(ConversationStore value) {
            store = value;
            return this;
        }

        /** Where a message that ends here gives its caller's turn in flight back (default: nowhere; ADR 0043). */
        public Builder principalTurns(PrincipalTurns value) {
            principalTurns = value;
            return this;
        }

        /** The callers' token budgets, whose usage each {@code done} reports (ADR 0046); without it {@code done} carries none. */
        public Builder quotas(TokenQuotas value) {
            quotas = value;
            return this;
        }

        /** The owner of attempts the pipeline claims, renews, releases and closes with (default: one over {@link #store}). */
        public Builder attempts(MessageAttempts value) {
            attempts = value;
            return this;
        }

        public Builder history(TieredHistoryLoader value) {
            history = value;
            return this;
        }

        public Builder budget(ContextBudgetManager value) {
            budget = value;
            return this;
        }

        public Builder selector(ModelSelector value) {
            selector = value;
            return this;
        }

        public Builder inference(InferenceStreamer value) {
            inference = value;
            return this;
        }

        public Builder replies(ReplyStreams value) {
            replies = value;
            return this;
        }

        public Builder events(ChatEventPublisher value) {
            events = value;
            return this;
        }

        /** Retrieval for each message (ADR 0030); without it every answer comes without context. */
        public Builder grounding(TurnGrounding value) {
            grounding = value;
            return this;
        }

        /** The leases, the answer deadline and the stream bound (ADR 0019). */
        public Builder timings(TurnTimings value) {
            timings = Objects.requireNonNull(value);
            return this;
        }

        public Builder systemPrompt(String value) {
            systemPrompt = value;
            return this;
        }

        /** How long the terminal frame may take to reach the connection before the turn stops waiting. */
        public Builder deliveryTimeout(Duration value) {
            deliveryTimeout = Objects.requireNonNull(value);
            return this;
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value);
            return this;
        }

        /** How often a running attempt renews its lease ({@link TurnTimings#attemptRenewal()} unless set; tests shorten it). */
        public Builder leaseRenewal(Duration value) {
            leaseRenewal = Objects.requireNonNull(value);
            return this;
        }

        /** Keeps each conversation on the instance that holds its prefix (ADR 0040); disabled unless given. */
        public Builder affinity(ConversationAffinity value) {
            affinity = Objects.requireNonNull(value);
            return this;
        }

        /** Told of each attempt's model selection (the services count them as {@code model.tier.turns}). */
        public Builder modelSelections(Consumer<ModelSelection> value) {
            modelSelections = Objects.requireNonNull(value);
            return this;
        }

        /** The attempts this process runs, shared with its {@link TurnIntake} so a takeover here stops the replaced attempt at once. */
        public Builder runningAttempts(RunningAttempts value) {
            running = Objects.requireNonNull(value);
            return this;
        }

        /** Where renewals run (a process-wide daemon thread unless set). */
        public Builder leaseTimer(ScheduledExecutorService value) {
            leaseTimer = Objects.requireNonNull(value);
            return this;
        }

        public TurnPipeline build() {
            return new TurnPipeline(this);
        }
    }
}
