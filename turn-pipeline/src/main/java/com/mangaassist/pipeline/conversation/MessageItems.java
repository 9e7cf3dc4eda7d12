package com.mangaassist.pipeline.conversation;

import static com.mangaassist.pipeline.conversation.ConversationTableSchema.LEASE_UNTIL;
import static com.mangaassist.pipeline.conversation.ConversationTableSchema.PENDING_SHARD;
import static com.mangaassist.pipeline.conversation.ConversationTableSchema.PK;
import static com.mangaassist.pipeline.conversation.ConversationTableSchema.SK;
import static com.mangaassist.pipeline.conversation.ConversationTableSchema.TTL;

import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.ErrorCode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** How a message is spelt as a DynamoDB item, both ways. */
final class MessageItems {

    static final String STATE = "state";
    static final String ATTEMPT = "attempt";
    /** When the current attempt was accepted or claimed (epoch millis): what spaces takeovers by resends. */
    static final String ATTEMPT_STARTED = "attemptStartedAt";
    static final String STAGE = "stage";
    static final String CONNECTION = "connectionId";
    static final String REQUEST = "requestId";
    /** An answer's feedback (ADR 0045): written only by {@code ConversationStore.feedback}, on answered messages. */
    static final String FEEDBACK_RATING = "feedbackRating";
    static final String FEEDBACK_REASON = "feedbackReason";
    static final String FEEDBACK_AT = "feedbackAt";

    private MessageItems() {
    }

    /** A newly accepted message: pending, attempt 1 under {@code lease}. */
    static Map<String, AttributeValue> accepted(ConversationRef conversation, long index, NewQuestion question, Lease lease, Instant now,
                                                Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        String pk = conversation.partitionKey();
        item.put(PK, s(pk));
        item.put(SK, s(ConversationTableSchema.messageKey(index)));
        item.put("conversationId", s(conversation.conversationId()));
        item.put("principal", s(conversation.principal()));
        item.put("messageId", s(question.messageId()));
        item.put("text", s(question.text()));
        item.put("tokens", n(question.tokens()));
        if (!question.entities().isEmpty()) {
            item.put("entities", strings(question.entities()));
        }
        if (question.locale() != null) {
            item.put("locale", s(question.locale()));
        }
        item.put("createdAt", s(now.toString()));
        item.put(TTL, n(expiresAt.getEpochSecond()));
        item.put(STATE, s(MessageState.PENDING.name()));
        item.put(ATTEMPT, n(1));
        item.put(LEASE_UNTIL, n(lease.until().toEpochMilli()));
        item.put(ATTEMPT_STARTED, n(now.toEpochMilli()));
        item.put(STAGE, s(lease.stage().name()));
        item.put(CONNECTION, s(question.connectionId()));
        item.put(REQUEST, s(question.requestId()));
        item.put(PENDING_SHARD, s(ConversationTableSchema.pendingShard(pk)));
        return item;
    }

    static StoredMessage toMessage(Map<String, AttributeValue> item) {
        String pk = item.get(PK).s();
        MessageKey key = new MessageKey(pk, ConversationTableSchema.indexOf(item.get(SK).s()));
        StoredMessage.Question question = new StoredMessage.Question(item.get("text").s(), integer(item, "tokens"), strings(item, "entities"),
                item.containsKey("locale") ? item.get("locale").s() : null);
        MessageState state = MessageState.valueOf(item.get(STATE).s());
        StoredMessage.Answer answer = state == MessageState.ANSWERED
                ? new StoredMessage.Answer(item.get("answer").s(), integer(item, "answerTokens"), strings(item, "answerEntities"),
                        Route.fromWireName(item.get("route").s()), integer(item, "answerAttempt"), Instant.parse(item.get("answeredAt").s()),
                        item.containsKey("answerCompletion") && item.get("answerCompletion").n() != null
                                ? Integer.valueOf(item.get("answerCompletion").n()) : null,
                        item.containsKey("answerTier") && item.get("answerTier").s() != null ? ModelTier.fromWireName(item.get("answerTier").s()) : null,
                        feedback(item), item.containsKey("answerCharged") ? Long.parseLong(item.get("answerCharged").n()) : 0)
                : null;
        StoredMessage.Failure failure = state == MessageState.FAILED
                ? new StoredMessage.Failure(ErrorCode.fromWireName(item.get("failedCode").s()), item.get("failedMessage").s(),
                        integer(item, "failedAttempt"))
                : null;
        return new StoredMessage(key, item.get("conversationId").s(), item.get("principal").s(), item.get("messageId").s(), question, state,
                integer(item, ATTEMPT), Instant.ofEpochMilli(Long.parseLong(item.get(LEASE_UNTIL).n())),
                AttemptStage.valueOf(item.get(STAGE).s()), item.get(CONNECTION).s(), item.containsKey(REQUEST) ? item.get(REQUEST).s() : null,
                answer, failure, Instant.parse(item.get("createdAt").s()), Instant.ofEpochSecond(Long.parseLong(item.get(TTL).n())));
    }

    private static StoredMessage.Feedback feedback(Map<String, AttributeValue> item) {
        if (!item.containsKey(FEEDBACK_RATING)) {
            return null;
        }
        return new StoredMessage.Feedback(Rating.fromWireName(item.get(FEEDBACK_RATING).s()),
                item.containsKey(FEEDBACK_REASON) ? item.get(FEEDBACK_REASON).s() : null, Instant.parse(item.get(FEEDBACK_AT).s()));
    }

    /** The attributes an answer adds (the update also removes the pending shard). */
    static Map<String, AttributeValue> answerValues(NewAnswer answer, int attempt, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":answer", s(answer.text()));
        values.put(":answerTokens", n(answer.tokens()));
        values.put(":answerCompletion", answer.completionTokens() == null ? AttributeValue.builder().nul(true).build() : n(answer.completionTokens()));
        values.put(":answerEntities", strings(answer.entities()));
        values.put(":route", s(answer.route().wireName()));
        values.put(":answerCharged", n(answer.chargedTokens()));
        values.put(":answerTier", answer.tier() == null ? AttributeValue.builder().nul(true).build() : s(answer.tier().wireName()));
        values.put(":answeredAt", s(now.toString()));
        values.put(":closedBy", n(attempt));
        return values;
    }

    static boolean live(Map<String, AttributeValue> item, Instant now) {
        return item != null && !item.isEmpty() && (!item.containsKey(TTL) || Long.parseLong(item.get(TTL).n()) > now.getEpochSecond());
    }

    private static int integer(Map<String, AttributeValue> item, String name) {
        return Integer.parseInt(item.get(name).n());
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? item.get(name).l().stream().map(AttributeValue::s).toList() : List.of();
    }

    static AttributeValue strings(List<String> values) {
        return AttributeValue.fromL(values.stream().map(MessageItems::s).toList());
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
