package com.mangaassist.pipeline.conversation;

import com.mangaassist.shared.budget.ConversationTurn;
import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message as stored: its question, its current attempt, and how it closed. Message {@code k}
 * is turns {@code 2k-1} (the question) and {@code 2k} (the answer) of the conversation, so an answer
 * is always stored next to its question however late it comes, and a question that never got an
 * answer leaves its answer's seq free rather than sitting in the prompt beside the next question.
 *
 * @param attempt      the current attempt (1 at acceptance; every claim takes the next)
 * @param leaseUntil   until when the current attempt holds the message
 * @param connectionId where the current attempt answers
 * @param answer       the stored answer when {@code state} is ANSWERED, else {@code null}
 * @param failure      what the message ended with when {@code state} is FAILED, else {@code null}
 * @param expiresAt    when retention removes it (DynamoDB TTL; readers skip it from then on)
 */
public record StoredMessage(MessageKey key, String conversationId, String principal, String messageId, Question question,
                            MessageState state, int attempt, Instant leaseUntil, AttemptStage stage, String connectionId,
                            String requestId, Answer answer, Failure failure, Instant createdAt, Instant expiresAt) {

    public StoredMessage {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if ((state == MessageState.ANSWERED) != (answer != null) || (state == MessageState.FAILED) != (failure != null)) {
            throw new IllegalArgumentException("an answered message has an answer, a failed one a failure, and only they do");
        }
    }

    /** The question as the client sent it, with what the prompt needs of it. */
    public record Question(String text, int tokens, List<String> entities, String locale) {
        public Question {
            Objects.requireNonNull(text, "text");
            entities = entities == null ? List.of() : List.copyOf(entities);
        }
    }

    /**
     * The answer, from the attempt that stored it.
     *
     * @param completionTokens as the model reported it ({@code null}: not reported)
     * @param tier             the model tier that generated it ({@code null}: stored before answers kept it, or not from a model)
     * @param feedback         the caller's rating of it, the latest they gave ({@code null}: none); it never changes the
     *                         answer, its attempt or its retention (ADR 0045)
     * @param chargedTokens    what it was charged to its caller's token usage, in the write that stored it (ADR 0046); 0: nothing
     */
    public record Answer(String text, int tokens, List<String> entities, Route route, int attempt, Instant answeredAt, Integer completionTokens,
                         ModelTier tier, Feedback feedback, long chargedTokens) {
        public Answer {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(answeredAt, "answeredAt");
            entities = entities == null ? List.of() : List.copyOf(entities);
        }

        /** Charged nothing. */
        public Answer(String text, int tokens, List<String> entities, Route route, int attempt, Instant answeredAt, Integer completionTokens,
                      ModelTier tier, Feedback feedback) {
            this(text, tokens, entities, route, attempt, answeredAt, completionTokens, tier, feedback, 0);
        }

        /** Nobody rated it yet. */
        public Answer(String text, int tokens, List<String> entities, Route route, int attempt, Instant answeredAt, Integer completionTokens,
                      ModelTier tier) {
            this(text, tokens, entities, route, attempt, answeredAt, completionTokens, tier, null);
        }

        /** Without its tier, unrated. */
        public Answer(String text, int tokens, List<String> entities, Route route, int attempt, Instant answeredAt, Integer completionTokens) {
            this(text, tokens, entities, route, attempt, answeredAt, completionTokens, null, null);
        }

        public Answer(String text, int tokens, List<String> entities, Route route, int attempt, Instant answeredAt) {
            this(text, tokens, entities, route, attempt, answeredAt, null, null, null);
        }

        /** This answer as {@code latest} rated it: everything else as it was. */
        public Answer ratedAs(Feedback latest) {
            return new Answer(text, tokens, entities, route, attempt, answeredAt, completionTokens, tier, Objects.requireNonNull(latest, "latest"),
                    chargedTokens);
        }
    }

    /**
     * What the caller said of an answer (ADR 0045): a rating and, if they wrote one, why.
     *
     * @param reason at most {@code Feedback.MAX_REASON_CHARS} code points, or {@code null}; kept here only, never on the event stream
     * @param givenAt when the caller last sent it
     */
    public record Feedback(Rating rating, String reason, Instant givenAt) {
        public Feedback {
            Objects.requireNonNull(rating, "rating");
            Objects.requireNonNull(givenAt, "givenAt");
        }

        /** Whether {@code other} says the same (a resend); when it was sent does not count. */
        public boolean sameAs(Feedback other) {
            return other != null && rating == other.rating && Objects.equals(reason, other.reason);
        }
    }

    /** The error the message closed with. */
    public record Failure(ErrorCode code, String message, int attempt) {
        public Failure {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    public long index() {
        return key.index();
    }

    /** This message as an answer closes it: what the store holds after the write, built without reading it back. */
    public StoredMessage answeredWith(Answer closingAnswer, Instant newExpiresAt) {
        return new StoredMessage(key, conversationId, principal, messageId, question, MessageState.ANSWERED, attempt, leaseUntil, stage,
                connectionId, requestId, Objects.requireNonNull(closingAnswer, "closingAnswer"), null, createdAt, newExpiresAt);
    }

    /** This message as an error closes it: what the store holds after the write, built without reading it back. */
    public StoredMessage failedWith(Failure closingFailure, Instant newExpiresAt) {
        return new StoredMessage(key, conversationId, principal, messageId, question, MessageState.FAILED, attempt, leaseUntil, stage,
                connectionId, requestId, null, Objects.requireNonNull(closingFailure, "closingFailure"), createdAt, newExpiresAt);
    }

    /** This message with its answer rated {@code latest}; only for answered messages. */
    public StoredMessage ratedAs(Feedback latest) {
        if (answer == null) {
            throw new IllegalStateException("message " + messageId + " has no answer to rate");
        }
        return new StoredMessage(key, conversationId, principal, messageId, question, state, attempt, leaseUntil, stage, connectionId, requestId,
                answer.ratedAs(latest), failure, createdAt, expiresAt);
    }

    public long questionSeq() {
        return 2 * key.index() - 1;
    }

    public long answerSeq() {
        return 2 * key.index();
    }

    /** The question as a turn at {@code seq} (prompts number the turns they hold themselves). */
    public ConversationTurn questionTurn(long seq) {
        return new ConversationTurn(seq, Role.USER, question.text(), question.tokens(), !question.entities().isEmpty(), question.entities());
    }

    /** The answer as a turn at {@code seq}; only for answered messages. */
    public ConversationTurn answerTurn(long seq) {
        if (answer == null) {
            throw new IllegalStateException("message " + messageId + " has no answer");
        }
        return new ConversationTurn(seq, Role.ASSISTANT, answer.text(), answer.tokens(), !answer.entities().isEmpty(), answer.entities());
    }

    public boolean leaseExpired(Instant now) {
        return !leaseUntil.isAfter(now);
    }

    /** Roughly what it costs to hold in memory: its texts as UTF-16 plus a fixed overhead (L1's weigher). */
    public int weightBytes() {
        return 256 + 2 * (question.text().length() + (answer == null ? 0 : answer.text().length()));
    }
}
