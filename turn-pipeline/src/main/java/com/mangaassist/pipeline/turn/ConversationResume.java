package com.mangaassist.pipeline.turn;

import com.mangaassist.pipeline.conversation.ConversationMeta;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.StoredTurn;
import com.mangaassist.pipeline.delivery.ReplyFrames;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.WireLimits;
import com.mangaassist.shared.wire.client.Resume;
import com.mangaassist.shared.wire.server.Resumed;
import com.mangaassist.shared.wire.server.ResumedTurn;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Answers {@code resume}: the conversation's turns after the client's {@code lastSeq}, at most
 * {@code maxTurns} of the most recent, and never more than fits one API Gateway frame (the oldest
 * are left out first; a single turn too long for a frame is cut with a marker). Only the owner may
 * resume; for anyone else the conversation is {@code forbidden}, and an unknown one is empty.
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

    public ServerFrame resume(String principal, Resume resume) {
        ConversationMeta meta = store.meta(resume.conversationId());
        if (!meta.exists()) {
            return new Resumed(resume.conversationId(), ReplyFrames.UNSEQUENCED, List.of());
        }
        if (!meta.ownedBy(principal)) {
            return ReplyFrames.frameRefused(ErrorCode.FORBIDDEN, "this conversation belongs to another user");
        }
        long after = resume.lastSeq() == null ? 0 : resume.lastSeq();
        List<StoredTurn> turns = meta.turnCount() - after > maxTurns
                ? store.recent(resume.conversationId(), maxTurns)
                : store.turnsAfter(resume.conversationId(), after);
        return fitted(resume.conversationId(), turns);
    }

    private Resumed fitted(String conversationId, List<StoredTurn> turns) {
        List<ResumedTurn> kept = new ArrayList<>();
        for (int i = turns.size() - 1; i >= 0; i--) {
            ResumedTurn turn = toWire(turns.get(i));
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
            candidate = new ResumedTurn(turn.seq(), turn.role(), turn.messageId(), text.substring(0, length) + CUT_MARKER, turn.route());
        }
        return candidate;
    }

    private int size(String conversationId, List<ResumedTurn> turns) {
        return codec.encodeBytes(new Resumed(conversationId, ReplyFrames.UNSEQUENCED, turns)).length;
    }

    private static ResumedTurn toWire(StoredTurn stored) {
        return new ResumedTurn(stored.seq(), stored.turn().role(), stored.messageId(), stored.turn().text(), stored.route());
    }
}
