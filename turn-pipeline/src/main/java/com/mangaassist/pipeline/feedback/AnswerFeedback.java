package com.mangaassist.pipeline.feedback;

import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.FeedbackWrite;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.delivery.ReplyFrames;
import com.mangaassist.pipeline.events.ChatEventPublisher;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.Feedback;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.FeedbackFigures;
import com.mangaassist.shared.wire.server.FeedbackSaved;
import com.mangaassist.shared.wire.server.ServerFrame;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Answers {@code feedback} (ADR 0045): the rating is stored on the answer of the caller's own
 * message — one conditional write that needs the message answered — and confirmed with
 * {@code feedbackSaved}. A message id the caller's conversation does not hold (unknown, expired, or
 * another principal's: the three look the same, ADR 0019) is refused {@code unknown_message}, one
 * not answered (yet) {@code not_answered}; either way nothing is written, published or counted. A
 * first rating or a change of mind is published as a chat event without text and handed to
 * {@code rated} (the orchestrator's {@code answers.rated}); a resend of the same feedback is
 * confirmed again and nothing else, so a client may send it until it hears back.
 */
public final class AnswerFeedback {

    private final ConversationStore store;
    private final ChatEventPublisher events;
    private final Clock clock;
    private final Consumer<ChatEvent> rated;

    /** @param rated told of each rating that changed what an answer holds, as its chat event (metrics) */
    public AnswerFeedback(ConversationStore store, ChatEventPublisher events, Clock clock, Consumer<ChatEvent> rated) {
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rated = Objects.requireNonNull(rated, "rated");
    }

    /** The frame that answers {@code feedback} from {@code principal}: {@code feedbackSaved}, or the refusal. */
    public ServerFrame give(String principal, Feedback feedback) {
        ConversationRef conversation = new ConversationRef(principal, feedback.conversationId());
        FeedbackWrite write = store.feedback(conversation, feedback.messageId(),
                new StoredMessage.Feedback(feedback.rating(), feedback.reason(), clock.instant()));
        if (write instanceof FeedbackWrite.Missing) {
            return ReplyFrames.refusal(feedback.messageId(), ErrorCode.UNKNOWN_MESSAGE,
                    "there is no message with this id in this conversation", null);
        }
        if (write instanceof FeedbackWrite.Unanswered) {
            return ReplyFrames.refusal(feedback.messageId(), ErrorCode.NOT_ANSWERED,
                    "this message has no answer to rate: it is still being answered, or it ended in an error", null);
        }
        FeedbackWrite.Saved saved = (FeedbackWrite.Saved) write;
        if (saved.changed()) {
            StoredMessage.Answer answer = saved.message().answer();
            ChatEvent event = ChatEvent.feedback(UUID.randomUUID().toString(), feedback.conversationId(), feedback.messageId(), principal,
                    answer.route(), clock.instant(), new FeedbackFigures(feedback.rating(), feedback.reasonGiven(), answer.tier()));
            events.publish(event);
            rated.accept(event);
        }
        return new FeedbackSaved(feedback.messageId(), ReplyFrames.UNSEQUENCED, feedback.rating());
    }
}
