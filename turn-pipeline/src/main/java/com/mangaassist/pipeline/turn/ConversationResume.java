package com.mangaassist.pipeline.turn;

import com.mangaassist.pipeline.conversation.ConversationMeta;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.delivery.ReplyFrames;
import com.mangaassist.shared.wire.WireLimits;
import com.mangaassist.shared.wire.client.Resume;
import com.mangaassist.shared.wire.server.Resumed;
import com.mangaassist.shared.wire.server.ResumedTurn;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import com.mangaassist.shared.wire.server.TurnState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Answers {@code resume}: the conversation's turns after the client's {@code lastSeq}, at most
 * {@code maxTurns} of the most recent, and never more than fits one API Gateway frame (the oldest
 * are left out first; a single turn too long for a frame is cut with a marker). Each question
 * carries its state (answered, pending, failed with its code), so a client knows what to send again;
 * each answer the caller rated carries the rating, so a reloaded page shows the choice (ADR 0045).
 */
public final class ConversationResume {

    static final String CUT_MARKER = " […]";

    private final ConversationStore store;
    private final ServerFrameCodec codec;
    private final int maxTurns;
    private final int maxFrameBytes;

    public ConversationResume(ConversationStore store, ServerFrameCodec codec, int maxTurns, int maxFrameBytes) {
        this.store = Objects.requireNonNull(store, "store");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.maxTurns = maxTurns;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** The last 20 turns within API Gateway's 32 KB frame. */
    public static ConversationResume withDefaults(ConversationStore store) {
        return new ConversationResume(store, ServerFrameCodec.withDefaults(), 20, WireLimits.API_GATEWAY_FRAME_BYTES);
    }

    /**
     * The caller's conversation: unknown and another principal's look the same (empty), because a
     * conversation id names a different conversation for every principal (ADR 0019).
     */
    public ServerFrame resume(String principal, Resume resume) {
        ConversationRef conversation = new ConversationRef(principal, resume.conversationId());
        ConversationMeta meta = store.meta(conversation);
        if (!meta.exists()) {
            return new Resumed(resume.conversationId(), ReplyFrames.UNSEQUENCED, List.of());
        }
        long after = resume.lastSeq() == null ? 0 : resume.lastSeq();
        long firstIndex = after / 2 + 1;
        int maxMessages = (maxTurns + 1) / 2;
        List<StoredMessage> messages = meta.messages() - firstIndex + 1 > maxMessages
                ? store.recent(conversation, maxMessages)
                : store.messagesFrom(conversation, firstIndex);
        List<ResumedTurn> turns = new ArrayList<>();
        for (StoredMessage message : messages) {
            toWire(message).stream().filter(t -> t.seq() > after).forEach(turns::add);
        }
        return fitted(resume.conversationId(), turns.subList(Math.max(0, turns.size() - maxTurns), turns.size()));
    }

    private Resumed fitted(String conversationId, List<ResumedTurn> turns) {
        List<ResumedTurn> kept = new ArrayList<>();
        for (int i = turns.size() - 1; i >= 0; i--) {
            ResumedTurn turn = turns.get(i);
            kept.add(0, turn);
            if (size(conversationId, kept) > maxFrameBytes) {
                kept.remove(0);
                if (kept.isEmpty()) {
                    kept.add(cut(conversationId, turn));
                }
                break;
            }
        }
        return new Resumed(conversationId, ReplyFrames.UNSEQUENCED, kept);
    }

    /** The turn with its text shortened until the frame fits. */
    private ResumedTurn cut(String conversationId, ResumedTurn turn) {
        String text = turn.text();
        int length = text.length();
        ResumedTurn candidate = turn;
        while (length > 0 && size(conversationId, List.of(candidate)) > maxFrameBytes) {
            length = length * 3 / 4;
            // Never split a surrogate pair: the frame must stay valid UTF-8.
            if (length > 0 && Character.isHighSurrogate(text.charAt(length - 1))) {
                length--;
            }
            candidate = turn.withText(text.substring(0, length) + CUT_MARKER);
        }
        return candidate;
    }

    private int size(String conversationId, List<ResumedTurn> turns) {
        return codec.encodeBytes(new Resumed(conversationId, ReplyFrames.UNSEQUENCED, turns)).length;
    }

    /** A message as turns: its question with its state, then its answer when it has one. */
    private static List<ResumedTurn> toWire(StoredMessage message) {
        TurnState state = switch (message.state()) {
            case ANSWERED -> TurnState.ANSWERED;
            case FAILED -> TurnState.FAILED;
            case PENDING -> TurnState.PENDING;
        };
        ResumedTurn question = ResumedTurn.question(message.questionSeq(), message.messageId(), message.question().text(), state,
                message.failure() == null ? null : message.failure().code());
        if (message.answer() == null) {
            return List.of(question);
        }
        StoredMessage.Feedback feedback = message.answer().feedback();
        return List.of(question, ResumedTurn.answer(message.answerSeq(), message.messageId(), message.answer().text(), message.answer().route(),
                message.answer().completionTokens(), feedback == null ? null : feedback.rating()));
    }
}
