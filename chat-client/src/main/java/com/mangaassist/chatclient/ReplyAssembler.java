package com.mangaassist.chatclient;

import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.server.Ack;
import com.mangaassist.shared.wire.server.Done;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.FeedbackSaved;
import com.mangaassist.shared.wire.server.Quota;
import com.mangaassist.shared.wire.server.Resumed;
import com.mangaassist.shared.wire.server.ResumedTurn;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.Source;
import com.mangaassist.shared.wire.server.Token;
import com.mangaassist.shared.wire.server.TurnState;
import com.mangaassist.shared.wire.server.UsageReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client side of the reply contract (ADR 0019), in one place for every Java client — the
 * fault suite's users, the benchmark's sessions, the test clients — and mirrored line for line by
 * the chat page's {@code reply-model.js}; both are held to the same golden transcripts
 * ({@code wire/replies/*.json}).
 *
 * <p>Per message: frames of a lower attempt than the one shown are dropped; the first frame of a
 * higher attempt throws away what the lower one showed and starts over; within an attempt frames
 * apply in {@code seq} order (early ones wait, repeats are dropped) and nothing applies after its
 * terminal frame. A refusal only settles a message that was never accepted. A {@code duplicate}
 * refusal says the message already ended on the server: for a message the client still waits on
 * (its {@code done} or {@code error} was lost) it asks for a {@code resume} ({@link #resumeWanted()}),
 * whose stored turns then settle it. So what a user sees is always one attempt's text, never two
 * spliced, and it ends as the stored answer or an error.
 * Whether an answer was grounded, and on what, comes only from its attempt's {@code done}: a
 * resume settles an answer without saying, so it leaves what a {@code done} said as it was.
 * A rating (ADR 0045) belongs to the message, not to an attempt: {@code feedbackSaved} sets it, and
 * a resumed answer that carries one sets it (a stored rating is only ever replaced, never removed,
 * so a resumed answer without one leaves what a confirmation said). The refusal of a feedback
 * changes nothing here: it names a message whose ending this client already knows.
 * The caller's token usage against its budgets (ADR 0046) belongs to no message: the client holds the
 * latest it was told ({@link #quota()}), by a {@code usage} report or by the {@code done} that ends an
 * answer (a repeated or superseded one is dropped like its other frames, so it never brings back an
 * older figure; a {@code done} without one leaves it as it was). A {@code quota_exceeded} refusal ends
 * its message {@code REFUSED} like any refusal, but not {@link MessageView#retryable() retryable}: its
 * budget starts again only at the reset its {@code retryAfterMs} names, so nothing sends it on its own.
 * Not thread-safe: a client applies frames from its one socket in arrival order.
 */
public final class ReplyAssembler {

    private final Map<String, Reply> replies = new LinkedHashMap<>();
    private long highestSeq;
    private Quota quota;

    /** The client sent (or sent again) this message. */
    public MessageView sent(String messageId) {
        Reply reply = replies.computeIfAbsent(messageId, Reply::new);
        if (reply.status == MessageStatus.REFUSED) {
            reply.status = MessageStatus.SENT;
            reply.code = null;
            reply.retryAfterMs = null;
        }
        return reply.view();
    }

    /** Applies one frame; the view of the message it changed, or {@code null} when it changed none. */
    public MessageView apply(ServerFrame frame) {
        if (frame instanceof Resumed resumed) {
            resumed(resumed);
            return null;
        }
        if (frame instanceof UsageReport report) {
            quota = report.quota(); // the caller's, not a message's
            return null;
        }
        if (frame instanceof ErrorFrame error && error.isRefusal()) {
            return refused(error);
        }
        if (frame instanceof FeedbackSaved saved) {
            // Only a message this client holds was rated from it: a confirmation of another never starts one that waits forever.
            Reply reply = replies.get(saved.messageId());
            if (reply == null) {
                return null;
            }
            reply.rating = saved.rating();
            return reply.view();
        }
        String messageId = frame.messageId();
        if (messageId == null) {
            return null;
        }
        Reply reply = replies.computeIfAbsent(messageId, Reply::new);
        int attempt = attemptOf(frame);
        if (attempt < reply.attempt) {
            return null;
        }
        if (attempt > reply.attempt) {
            reply.startAttempt(attempt);
        }
        if (frame instanceof Ack ack) {
            reply.questionSeq = ack.turnSeq();
            highestSeq = Math.max(highestSeq, ack.turnSeq());
            return reply.view();
        }
        if (frame.seq() < reply.nextSeq || reply.status.settled()) {
            return null;
        }
        reply.early.put(frame.seq(), frame);
        while (!reply.status.settled() && reply.early.containsKey(reply.nextSeq)) {
            render(reply, reply.early.remove(reply.nextSeq++));
        }
        return reply.view();
    }

    public MessageView view(String messageId) {
        Reply reply = replies.get(messageId);
        return reply == null ? null : reply.view();
    }

    public List<MessageView> views() {
        return replies.values().stream().map(Reply::view).toList();
    }

    /** Messages sent or accepted that have no ending yet: what to send again after a reconnect or a long silence. */
    public List<String> unsettled() {
        List<String> ids = new ArrayList<>();
        replies.values().forEach(r -> {
            if (!r.status.settled()) {
                ids.add(r.messageId);
            }
        });
        return ids;
    }

    /**
     * The caller's token usage against its daily and monthly budgets (ADR 0046) as the server last said it: by a
     * {@code usage} report or with an answer's {@code done}; {@code null} while neither said one.
     */
    public Quota quota() {
        return quota;
    }

    /**
     * Whether the client should send {@code resume} now: a message it still waits on was refused as
     * {@code duplicate} (it ended on the server and only the stored turns can say how) since the last
     * {@code resumed}. Its cursor ({@link #resumeCursor()}) covers that message when it was acknowledged.
     */
    public boolean resumeWanted() {
        return replies.values().stream().anyMatch(r -> r.resumeWanted);
    }

    /**
     * What to send as {@code resume.lastSeq}: the turn seq up to which this client holds every
     * turn settled — just below its oldest unsettled question, else the highest seq it saw —
     * or {@code null} when it knows none (the server then sends the recent window).
     */
    public Long resumeCursor() {
        long cursor = Long.MAX_VALUE;
        for (Reply reply : replies.values()) {
            if (!reply.status.settled() && reply.questionSeq > 0) {
                cursor = Math.min(cursor, reply.questionSeq - 1);
            }
        }
        if (cursor != Long.MAX_VALUE) {
            return cursor;
        }
        return highestSeq == 0 ? null : highestSeq;
    }

    private MessageView refused(ErrorFrame error) {
        if (error.messageId() == null) {
            return null;
        }
        Reply reply = replies.get(error.messageId());
        if (reply == null) {
            // Not a message this client sent (a client registers its sends through sent()): the
            // refusal of a feedback about one it does not hold never starts a message here.
            return null;
        }
        if (reply.status == MessageStatus.DONE || reply.status == MessageStatus.FAILED) {
            return null; // its ending is known here: a resend that crossed it changes nothing
        }
        if (error.code() == ErrorCode.DUPLICATE) {
            // It ended on the server, and this client never heard how: only a resume can say.
            reply.resumeWanted = true;
        }
        if (reply.status != MessageStatus.SENT && reply.status != MessageStatus.REFUSED) {
            // accepted once: a refusal of a resend never overrides its attempt
            return error.code() == ErrorCode.DUPLICATE ? reply.view() : null;
        }
        reply.status = MessageStatus.REFUSED;
        reply.code = error.code();
        reply.retryAfterMs = error.retryAfterMs();
        return reply.view();
    }

    /** The stored turns are the truth for what they cover: answered and failed questions settle, pending ones stay as they are. */
    private void resumed(Resumed resumed) {
        replies.values().forEach(r -> r.resumeWanted = false);
        Map<String, ResumedTurn> answers = new LinkedHashMap<>();
        for (ResumedTurn turn : resumed.turns()) {
            highestSeq = Math.max(highestSeq, turn.seq());
            if (turn.role() == Role.ASSISTANT && turn.messageId() != null) {
                answers.put(turn.messageId(), turn);
            }
        }
        for (ResumedTurn turn : resumed.turns()) {
            if (turn.role() != Role.USER || turn.messageId() == null) {
                continue;
            }
            Reply reply = replies.computeIfAbsent(turn.messageId(), Reply::new);
            reply.questionSeq = turn.seq();
            ResumedTurn answer = answers.get(turn.messageId());
            if (turn.state() == TurnState.ANSWERED && answer != null) {
                reply.settle(MessageStatus.DONE, answer.text(), null);
                reply.answerSeq = answer.seq();
                reply.route = answer.route();
                if (answer.rating() != null) {
                    reply.rating = answer.rating();
                }
            } else if (turn.state() == TurnState.FAILED) {
                reply.settle(MessageStatus.FAILED, reply.text.toString(), turn.code());
            } else if (reply.status == MessageStatus.SENT || reply.status == MessageStatus.REFUSED) {
                reply.status = MessageStatus.ACCEPTED; // stored and pending: whatever refused a send of it no longer holds
                reply.code = null;
                reply.retryAfterMs = null;
            }
        }
    }

    private void render(Reply reply, ServerFrame frame) {
        if (frame instanceof Token token) {
            reply.text.append(token.text());
            reply.status = MessageStatus.STREAMING;
        } else if (frame instanceof Done done) {
            reply.status = MessageStatus.DONE;
            reply.resumeWanted = false;
            reply.answerSeq = done.turnSeq();
            reply.route = done.route();
            reply.grounded = done.grounded();
            reply.sources = done.sources();
            if (done.quota() != null) {
                quota = done.quota(); // the caller's usage with this answer charged
            }
            highestSeq = Math.max(highestSeq, done.turnSeq());
        } else if (frame instanceof ErrorFrame error) {
            reply.status = MessageStatus.FAILED;
            reply.resumeWanted = false;
            reply.code = error.code();
            reply.retryAfterMs = error.retryAfterMs();
        }
    }

    private static int attemptOf(ServerFrame frame) {
        if (frame instanceof Ack ack) {
            return ack.attempt();
        } else if (frame instanceof Token token) {
            return token.attempt();
        } else if (frame instanceof Done done) {
            return done.attempt();
        }
        return ((ErrorFrame) frame).attempt();
    }

    /** One message's state. */
    private static final class Reply {
        final String messageId;
        MessageStatus status = MessageStatus.SENT;
        int attempt;
        long nextSeq = 1;
        final TreeMap<Long, ServerFrame> early = new TreeMap<>();
        StringBuilder text = new StringBuilder();
        ErrorCode code;
        Long retryAfterMs;
        long questionSeq;
        long answerSeq;
        com.mangaassist.shared.domain.Route route;
        int supersedes;
        Boolean grounded;
        List<Source> sources = List.of();
        boolean resumeWanted;
        com.mangaassist.shared.domain.Rating rating;

        Reply(String messageId) {
            this.messageId = messageId;
        }

        void startAttempt(int next) {
            if (attempt > 0) {
                supersedes++;
            }
            attempt = next;
            nextSeq = 1;
            early.clear();
            text = new StringBuilder();
            status = MessageStatus.ACCEPTED;
            code = null;
            retryAfterMs = null;
            answerSeq = 0;
            route = null;
            grounded = null;
            sources = List.of();
        }

        void settle(MessageStatus ending, String finalText, ErrorCode endingCode) {
            status = ending;
            text = new StringBuilder(finalText);
            code = endingCode;
            early.clear();
            resumeWanted = false;
        }

        MessageView view() {
            return new MessageView(messageId, status, attempt, text.toString(), code, retryAfterMs, questionSeq, answerSeq, route, supersedes,
                    grounded, sources, resumeWanted, rating);
        }
    }
}
