package com.mangaassist.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One user on one WebSocket: one conversation, one turn at a time, and the chat page's manners
 * (a {@code busy} or {@code rate_limited} reply is retried after its {@code retryAfterMs}, with
 * the same messageId, until the user's patience runs out).
 */
final class ChatSession implements WebSocket.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a finished turn goes; the session is idle again once this returns. */
    interface Listener {
        void finished(ChatSession session, TurnRecord record);
    }

    private final String conversationId = UUID.randomUUID().toString();
    private final ScheduledExecutorService retries;
    private final long retryDeadlineNanos;
    private final Listener listener;
    private final StringBuilder partial = new StringBuilder();
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
        ObjectNode frame = JSON.createObjectNode().put("action", "sendMessage").put("conversationId", conversationId)
                .put("messageId", turn.messageId).put("text", turn.text).put("locale", "en");
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
            try {
                onFrame(JSON.readTree(text), now);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("unreadable frame " + text, e);
            }
        }
        ws.request(1);
        return null;
    }

    private synchronized void onFrame(JsonNode frame, long now) {
        Turn turn = current;
        if (turn == null || !turn.messageId.equals(frame.path("messageId").asText(null))) {
            return;
        }
        switch (frame.path("type").asText()) {
            case "token" -> {
                if (turn.firstToken < 0) {
                    turn.firstToken = now - turn.offeredAt;
                }
            }
            case "done" -> finish(turn, TurnRecord.Outcome.ANSWERED, frame.path("route").asText(null), null, now);
            case "error" -> onError(turn, frame, now);
            default -> {
                // ack, and anything newer than this generator: the turn goes on
            }
        }
    }

    private void onError(Turn turn, JsonNode frame, long now) {
        String code = frame.path("code").asText();
        if (code.equals("busy") || code.equals("rate_limited")) {
            turn.busyReplies++;
            long retryAfterNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, frame.path("retryAfterMs").asLong(1000)));
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
            return;
        }
        finish(turn, TurnRecord.Outcome.ERROR, null, code, now);
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
