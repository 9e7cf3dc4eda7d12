package com.mangaassist.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.chatclient.MessageView;
import com.mangaassist.chatclient.ReplyAssembler;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One user on one WebSocket: one conversation, one turn at a time, replies read through the
 * shared client model, and the chat page's manners (a {@code busy} or {@code rate_limited}
 * refusal is retried after its {@code retryAfterMs}, with the same messageId, until the user's
 * patience runs out).
 */
final class ChatSession implements WebSocket.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServerFrameCodec CODEC = ServerFrameCodec.withDefaults();
    /** Kana or kanji: the message is sent as the chat page sends a Japanese user's, with locale {@code ja}. */
    private static final java.util.regex.Pattern JAPANESE = java.util.regex.Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");

    /** Where a finished turn goes; the session is idle again once this returns. */
    interface Listener {
        void finished(ChatSession session, TurnRecord record);
    }

    private final String conversationId = UUID.randomUUID().toString();
    private final ScheduledExecutorService retries;
    private final long retryDeadlineNanos;
    private final Listener listener;
    private final StringBuilder partial = new StringBuilder();
    /** What this user sees of each reply: the shared client model (ADR 0019), so the bench counts what the chat page would show. */
    private final ReplyAssembler replies = new ReplyAssembler();
    private WebSocket socket;
    private Turn current;

    private ChatSession(ScheduledExecutorService retries, long retryDeadlineNanos, Listener listener) {
        this.retries = retries;
        this.retryDeadlineNanos = retryDeadlineNanos;
        this.listener = listener;
    }

    static CompletableFuture<ChatSession> open(HttpClient http, URI uri, ScheduledExecutorService retries, long retryDeadlineNanos,
                                               Listener listener) {
        ChatSession session = new ChatSession(retries, retryDeadlineNanos, listener);
        return http.newWebSocketBuilder().buildAsync(uri, session).thenApply(ws -> {
            session.socket = ws;
            return session;
        });
    }

    /** Offers a new turn; the caller guarantees the session is idle. */
    synchronized void offer(int phase, long offeredAtNanos, String text) {
        current = new Turn(UUID.randomUUID().toString(), phase, offeredAtNanos, text);
        send(current);
    }

    private void send(Turn turn) {
        replies.sent(turn.messageId);
        ObjectNode frame = JSON.createObjectNode().put("action", "sendMessage").put("conversationId", conversationId)
                .put("messageId", turn.messageId).put("text", turn.text).put("locale", JAPANESE.matcher(turn.text).find() ? "ja" : "en");
        socket.sendText(frame.toString(), true).exceptionally(error -> {
            finish(turn, TurnRecord.Outcome.LOST, null, "send failed: " + error);
            return null;
        });
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            long now = System.nanoTime();
            String text = partial.toString();
            partial.setLength(0);
            onFrame(text, now);
        }
        ws.request(1);
        return null;
    }

    private synchronized void onFrame(String text, long now) {
        Decoded<ServerFrame> decoded = CODEC.decode(text);
        if (!decoded.isOk()) {
            throw new IllegalStateException("a frame the reply contract does not allow: " + text + " (" + decoded.error() + ")");
        }
        MessageView view = replies.apply(decoded.value());
        Turn turn = current;
        if (view == null || turn == null || !turn.messageId.equals(view.messageId())) {
            return;
        }
        switch (view.status()) {
            case STREAMING -> {
                if (turn.firstToken < 0) {
                    turn.firstToken = now - turn.offeredAt;
                }
            }
            case DONE -> finish(turn, TurnRecord.Outcome.ANSWERED, view.route() == null ? null : view.route().wireName(), null, now);
            case FAILED -> finish(turn, TurnRecord.Outcome.ERROR, null, view.code().wireName(), now);
            case REFUSED -> onRefused(turn, view, now);
            default -> {
                // sent or accepted: the turn goes on
            }
        }
    }

    /** Refused before it was accepted: a busy or rate-limited message is sent again after its retry-after, as the page does. */
    private void onRefused(Turn turn, MessageView view, long now) {
        String code = view.code().wireName();
        if (view.code() != ErrorCode.BUSY && view.code() != ErrorCode.RATE_LIMITED) {
            finish(turn, TurnRecord.Outcome.ERROR, null, code, now);
            return;
        }
        turn.busyReplies++;
        long retryAfterNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, view.retryAfterMs() == null ? 1000 : view.retryAfterMs()));
        if (now + retryAfterNanos - turn.offeredAt > retryDeadlineNanos) {
            finish(turn, TurnRecord.Outcome.GAVE_UP_BUSY, null, code, now);
            return;
        }
        retries.schedule(() -> {
            synchronized (this) {
                if (current == turn) {
                    send(turn);
                }
            }
        }, retryAfterNanos, TimeUnit.NANOSECONDS);
    }

    private synchronized void finish(Turn turn, TurnRecord.Outcome outcome, String route, String code) {
        finish(turn, outcome, route, code, System.nanoTime());
    }

    private void finish(Turn turn, TurnRecord.Outcome outcome, String route, String code, long now) {
        if (current != turn) {
            return;
        }
        current = null;
        listener.finished(this, new TurnRecord(turn.phase, turn.offeredAt, turn.firstToken, now - turn.offeredAt, outcome, route, code,
                turn.busyReplies));
    }

    /** The turn still open when the run gave up waiting, as lost. */
    synchronized void abandon() {
        if (current != null) {
            Turn turn = current;
            current = null;
            listener.finished(this, new TurnRecord(turn.phase, turn.offeredAt, turn.firstToken, -1, TurnRecord.Outcome.LOST, null,
                    "no terminal frame", turn.busyReplies));
        }
    }

    @Override
    public synchronized CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        if (current != null) {
            finish(current, TurnRecord.Outcome.LOST, null, "socket closed " + statusCode);
        }
        return null;
    }

    @Override
    public synchronized void onError(WebSocket ws, Throwable error) {
        if (current != null) {
            finish(current, TurnRecord.Outcome.LOST, null, "socket failed: " + error);
        }
    }

    boolean isOpen() {
        return socket != null && !socket.isInputClosed() && !socket.isOutputClosed();
    }

    void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done");
        }
    }

    private static final class Turn {
        final String messageId;
        final int phase;
        final long offeredAt;
        final String text;
        long firstToken = -1;
        int busyReplies;

        Turn(String messageId, int phase, long offeredAt, String text) {
            this.messageId = messageId;
            this.phase = phase;
            this.offeredAt = offeredAt;
            this.text = text;
        }
    }
}
