package com.mangaassist.pipeline.turn;

import com.mangaassist.pipeline.conversation.AppendOutcome;
import com.mangaassist.pipeline.conversation.CachedHistory;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.NewTurn;
import com.mangaassist.pipeline.conversation.TieredHistoryLoader;
import com.mangaassist.pipeline.events.ChatEventPublisher;
import com.mangaassist.pipeline.inference.InferenceCallException;
import com.mangaassist.pipeline.inference.InferenceStreamer;
import com.mangaassist.shared.budget.AssembledPrompt;
import com.mangaassist.shared.budget.BudgetRequest;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.budget.ConversationTurn;
import com.mangaassist.shared.budget.PromptPart;
import com.mangaassist.shared.budget.TokenCounter;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.model.ModelSelection;
import com.mangaassist.shared.model.ModelSelector;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.ChatEventType;
import com.mangaassist.shared.wire.inference.FinishReason;
import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import com.mangaassist.shared.wire.server.Done;
import com.mangaassist.shared.wire.server.ErrorFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one accepted {@code sendMessage} end to end, identically on the Fargate and the Lambda
 * path: store the user turn (ownership and idempotency are the store's conditional writes), load
 * history at exactly the version just written, select the model, fit the prompt, stream the answer
 * to the connection, store the answer, close with {@code done} or {@code error}, publish the chat
 * event. Blocking; the caller chooses the thread.
 *
 * <p>Idempotency by messageId: a message whose answer is stored ends in {@code duplicate}; a
 * message whose user turn is stored but whose answer is not (the previous attempt died mid-turn,
 * or the client retried after a 410) is answered now, from the history before its user turn.
 */
public final class TurnPipeline implements TurnRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TurnPipeline.class);
    /** History beyond twice the window can never be in the prompt; it is not even handed to the budget. */
    private static final int HISTORY_WINDOW_FACTOR = 2;

    private final ConversationStore store;
    private final TieredHistoryLoader history;
    private final ContextBudgetManager budget;
    private final ModelSelector selector;
    private final InferenceStreamer inference;
    private final ReplyStreams replies;
    private final ChatEventPublisher events;
    private final EntityExtractor entities = new EntityExtractor();
    private final PromptPart systemPrompt;
    private final Duration deliveryTimeout;
    private final Clock clock;

    private TurnPipeline(Builder b) {
        this.store = Objects.requireNonNull(b.store, "store");
        this.history = Objects.requireNonNull(b.history, "history");
        this.budget = Objects.requireNonNull(b.budget, "budget");
        this.selector = Objects.requireNonNull(b.selector, "selector");
        this.inference = Objects.requireNonNull(b.inference, "inference");
        this.replies = Objects.requireNonNull(b.replies, "replies");
        this.events = Objects.requireNonNull(b.events, "events");
        this.systemPrompt = budget.counter().part(Objects.requireNonNull(b.systemPrompt, "systemPrompt"));
        this.deliveryTimeout = b.deliveryTimeout;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TurnOutcome run(TurnCommand command) {
        long startNanos = System.nanoTime();
        ReplyStream reply = replies.open(command.connectionId(), command.messageId());
        TurnOutcome outcome;
        Accounting accounting = new Accounting();
        try {
            outcome = execute(command, reply, accounting, startNanos);
        } catch (RuntimeException e) {
            LOG.error("event=turn_crashed requestId={} conversationId={} messageId={}", command.requestId(), command.conversationId(),
                    command.messageId(), e);
            outcome = new TurnOutcome.Failed(ErrorCode.INTERNAL, "the assistant failed to answer; please send the message again");
        }
        outcome = close(command, reply, outcome);
        publish(command, outcome, accounting, Duration.ofNanos(System.nanoTime() - startNanos));
        return outcome;
    }

    private TurnOutcome execute(TurnCommand command, ReplyStream reply, Accounting accounting, long startNanos) {
        if (command.deadline() != null && clock.instant().isAfter(command.deadline())) {
            return new TurnOutcome.Failed(ErrorCode.EXPIRED, "the message waited too long to be answered; please send it again");
        }
        TokenCounter counter = budget.counter();
        String text = command.message().text();
        PromptPart query = counter.part(text);
        List<String> queryEntities = entities.extract(text);
        AppendOutcome stored = store.append(command.conversationId(), command.principal(),
                new NewTurn(Role.USER, text, query.tokens(), !queryEntities.isEmpty(), queryEntities, command.messageId(), null));
        long userSeq;
        if (stored instanceof AppendOutcome.Forbidden) {
            return new TurnOutcome.Failed(ErrorCode.FORBIDDEN, "this conversation belongs to another user");
        } else if (stored instanceof AppendOutcome.Duplicate duplicate) {
            if (store.seqOf(command.conversationId(), command.messageId(), Role.ASSISTANT).isPresent()) {
                return new TurnOutcome.Failed(ErrorCode.DUPLICATE, "this message was already answered; resume the conversation to see the answer");
            }
            userSeq = duplicate.seq();
        } else {
            AppendOutcome.Appended appended = (AppendOutcome.Appended) stored;
            userSeq = appended.seq();
            history.appended(command.conversationId(), appended.turn());
        }

        CachedHistory loaded = history.load(command.conversationId(), userSeq);
        ModelSelection model = selector.select(command.message().locale(), query, (int) (userSeq - 1), command.degrade());
        List<ConversationTurn> prior = HistoryWindow.before(loaded.turns(), userSeq, HISTORY_WINDOW_FACTOR * model.contextWindow());
        AssembledPrompt prompt = budget.assemble(BudgetRequest.builder().systemPrompt(systemPrompt).query(query).history(prior)
                .outputReserve(model.maxOutputTokens()).contextWindow(model.contextWindow()).build());
        accounting.promptTokens = prompt.promptTokens();
        accounting.turnsDropped = prompt.turnsDropped();
        InferenceRequest request = inferenceRequest(command.requestId(), model, systemPrompt, query, prompt);

        StringBuilder answer = new StringBuilder();
        InferenceChunk.EndChunk end;
        try {
            end = inference.stream(model.endpointName(), request, token -> {
                if (accounting.ttft == null) {
                    accounting.ttft = Duration.ofNanos(System.nanoTime() - startNanos);
                }
                answer.append(token);
                return reply.token(token);
            });
        } catch (InferenceCallException e) {
            return new TurnOutcome.Failed(e.code(), e.getMessage());
        }
        if (reply.gone() || end.finishReason() == FinishReason.CANCELLED) {
            return new TurnOutcome.ConnectionGone();
        }
        if (reply.broken()) {
            return new TurnOutcome.Failed(ErrorCode.INTERNAL, "the answer could not be delivered");
        }
        accounting.promptTokens = end.usage().promptTokens();
        accounting.completionTokens = end.usage().completionTokens();
        accounting.turnsDropped = Math.max(accounting.turnsDropped, end.turnsDropped());
        String answerText = answer.toString();
        List<String> answerEntities = entities.extract(answerText);
        AppendOutcome answered = store.append(command.conversationId(), command.principal(), new NewTurn(Role.ASSISTANT, answerText,
                counter.count(answerText), !answerEntities.isEmpty(), answerEntities, command.messageId(), command.route()));
        long assistantSeq;
        if (answered instanceof AppendOutcome.Appended appended) {
            history.appended(command.conversationId(), appended.turn());
            assistantSeq = appended.seq();
        } else if (answered instanceof AppendOutcome.Duplicate duplicate) {
            // Another attempt of this message stored its answer while this one streamed: one stored answer stays.
            assistantSeq = duplicate.seq();
        } else {
            return new TurnOutcome.Failed(ErrorCode.FORBIDDEN, "this conversation belongs to another user");
        }
        return new TurnOutcome.Completed(assistantSeq, model.endpointName(), end.usage(), accounting.turnsDropped,
                accounting.ttft == null ? Duration.ofNanos(System.nanoTime() - startNanos) : accounting.ttft);
    }

    /**
     * What the GPU endpoint is asked for a fitted prompt: the parts with their counts (so the
     * endpoint re-fits without tokenizing, ADR 0015), streamed. Public for the benchmark that
     * calls the endpoint directly with exactly what a turn sends.
     */
    public static InferenceRequest inferenceRequest(String requestId, ModelSelection model, PromptPart systemPrompt, PromptPart query,
                                                    AssembledPrompt prompt) {
        return new InferenceRequest(requestId, model.adapter(), systemPrompt.text(), null, prompt.includedTurns(), query.text(), query.tokens(),
                Math.max(1, prompt.outputTokens()), model.contextWindow(), true);
    }

    /** Sends the terminal frame; a turn whose frame cannot be delivered ends as gone. */
    private TurnOutcome close(TurnCommand command, ReplyStream reply, TurnOutcome outcome) {
        if (outcome instanceof TurnOutcome.ConnectionGone) {
            return outcome;
        }
        String messageId = command.messageId();
        java.util.concurrent.CompletableFuture<Boolean> sent;
        if (outcome instanceof TurnOutcome.Completed done) {
            int dropped = done.turnsDropped();
            sent = reply.finish(seq -> new Done(messageId, seq, command.route(), done.usage(), dropped > 0, dropped));
        } else {
            TurnOutcome.Failed failed = (TurnOutcome.Failed) outcome;
            sent = reply.finish(seq -> new ErrorFrame(messageId, seq, failed.code(), failed.message(), null));
        }
        try {
            if (!sent.get(deliveryTimeout.toMillis(), TimeUnit.MILLISECONDS) && reply.gone()) {
                return new TurnOutcome.ConnectionGone();
            }
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("event=terminal_frame_undelivered requestId={} messageId={} detail=\"{}\"", command.requestId(), messageId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return outcome;
    }

    private void publish(TurnCommand command, TurnOutcome outcome, Accounting accounting, Duration duration) {
        ChatEventType type = outcome instanceof TurnOutcome.Completed ? ChatEventType.TURN_COMPLETED : ChatEventType.TURN_FAILED;
        ErrorCode code = outcome instanceof TurnOutcome.Failed failed ? failed.code() : null;
        events.publish(new ChatEvent(UUID.randomUUID().toString(), type, command.conversationId(), command.messageId(), command.principal(),
                command.route(), Instant.now(clock), accounting.promptTokens, accounting.completionTokens,
                accounting.ttft == null ? null : accounting.ttft.toMillis(), duration.toMillis(), accounting.turnsDropped > 0,
                accounting.turnsDropped, code));
    }

    /** What the turn cost, filled in as it goes (for the event, whatever the outcome). */
    private static final class Accounting {
        int promptTokens;
        int completionTokens;
        int turnsDropped;
        volatile Duration ttft;
    }

    public static final class Builder {
        private ConversationStore store;
        private TieredHistoryLoader history;
        private ContextBudgetManager budget;
        private ModelSelector selector;
        private InferenceStreamer inference;
        private ReplyStreams replies;
        private ChatEventPublisher events;
        private String systemPrompt = DEFAULT_SYSTEM_PROMPT;
        private Duration deliveryTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();

        /** What the assistant is told about itself on every turn. */
        public static final String DEFAULT_SYSTEM_PROMPT = "You are MangaAssist, a helpful assistant for a manga store. "
                + "Answer in the user's language, recommend titles from the catalog, and never invent order details.";

        private Builder() {
        }

        public Builder store(ConversationStore value) {
            store = value;
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

        public TurnPipeline build() {
            return new TurnPipeline(this);
        }
    }
}
