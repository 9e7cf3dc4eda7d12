package com.mangaassist.it.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.localaws.chat.ChatClient;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.chatclient.MessageStatus;
import com.mangaassist.chatclient.MessageView;
import com.mangaassist.chatclient.ReplyAssembler;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.Resumed;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One person at the chat page, as the shipped page behaves (local-gateway's {@code chat.js}):
 * types a question, waits for its answer, types the next. Replies go through the shared client
 * model ({@link ReplyAssembler}), so what this user "sees" is what the page would show. Like the
 * page it keeps what it sent until it settles and sends it again, with the same message id, when
 * it was never acknowledged, went silent longer than {@code clientSilence}, was refused with a
 * retry-after, or its socket died (then it reconnects, resumes and sends what is unsettled). All
 * state lives on the user's own thread; the socket's frames are read from the client's list.
 */
final class SimulatedUser implements Runnable {

    private static final ServerFrameCodec CODEC = ServerFrameCodec.withDefaults();
    private static final Set<ErrorCode> RETRYABLE = Set.of(ErrorCode.BUSY, ErrorCode.RATE_LIMITED);
    private static final Duration UNACKED_RESEND = Duration.ofSeconds(2);
    private static final int MAX_SENDS = 8;

    private final String principal;
    private final String conversationId;
    private final URI webSocket;
    private final List<String> questions;
    private final Duration clientSilence;
    private final Duration patience;
    private final ReplyAssembler replies = new ReplyAssembler();
    private final Map<String, Activity> activity = new HashMap<>();
    private final List<String> outbox = new ArrayList<>();
    private final Map<String, String> questionOf = new HashMap<>();
    private volatile long dropAfterMillis = -1;
    private long streamingSince;
    /** Every frame this user received, on every socket, in arrival order (the transcript the checker reads). */
    final List<String> transcript = new CopyOnWriteArrayList<>();
    /** Each message's final view, once the user stopped waiting for it. */
    final Map<String, MessageView> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
    /** How many times each message was sent (more than once: a fault made the user send it again). */
    final Map<String, Integer> sends = new java.util.concurrent.ConcurrentHashMap<>();
    /** How long each message took from first send to its ending, in milliseconds. */
    final Map<String, Long> settleMillis = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean streaming;
    private ChatClient socket;
    private int socketEpoch;
    private int readUpTo;
    private boolean resumePending;
    private long resumeSentAt;
    private long reconnectAt;
    private long backoffMs = 100;

    SimulatedUser(String principal, String conversationId, URI webSocket, List<String> questions, Duration clientSilence, Duration patience) {
        this.principal = principal;
        this.conversationId = conversationId;
        this.webSocket = webSocket;
        this.questions = List.copyOf(questions);
        this.clientSilence = clientSilence;
        this.patience = patience;
    }

    String principal() {
        return principal;
    }

    String conversationId() {
        return conversationId;
    }

    /** Whether one of this user's answers is streaming right now (what a mid-stream fault waits for). */
    boolean streaming() {
        return streaming;
    }

    /**
     * Arms one drop: {@code afterMillis} into the next answer that streams, the network drops this
     * user's socket without a close handshake (the turn's next post gets 410); the user reconnects
     * and resumes as the page does.
     */
    void dropSocketMidStream(long afterMillis) {
        dropAfterMillis = afterMillis;
    }

    @Override
    public void run() {
        reconnectWhenDue();
        for (int i = 0; i < questions.size(); i++) {
            String messageId = conversationId + "-m" + (i + 1);
            questionOf.put(messageId, questions.get(i));
            outbox.add(messageId);
            long firstSent = System.currentTimeMillis();
            if (!resumePending) {
                send(messageId);
            }
            long giveUpAt = firstSent + patience.toMillis();
            while (!settled(messageId) && System.currentTimeMillis() < giveUpAt) {
                tick();
                sleep(10);
            }
            MessageView view = replies.view(messageId);
            outcomes.put(messageId, view == null ? new MessageView(messageId, MessageStatus.SENT, 0, "", null, null, 0, 0, null, 0) : view);
            settleMillis.put(messageId, System.currentTimeMillis() - firstSent);
            Activity sent = activity.get(messageId);
            sends.put(messageId, sent == null ? 0 : sent.sends);
            outbox.remove(messageId);
        }
        streaming = false;
        if (socket != null) {
            socket.close();
        }
    }

    private boolean settled(String messageId) {
        MessageView view = replies.view(messageId);
        return view != null && (view.status() == MessageStatus.DONE || view.status() == MessageStatus.FAILED
                || (view.status() == MessageStatus.REFUSED && !RETRYABLE.contains(view.code())));
    }

    private void tick() {
        if (dropAfterMillis >= 0 && streaming && socket != null && System.currentTimeMillis() - streamingSince >= dropAfterMillis) {
            dropAfterMillis = -1;
            socket.vanish();
            socket = null; // an aborted socket reports no close: reconnect as the page does when its socket errors
        }
        if (socket == null || socket.closed.isDone()) {
            reconnectWhenDue();
            return;
        }
        if (resumePending && System.currentTimeMillis() - resumeSentAt > UNACKED_RESEND.toMillis()) {
            sendResume(); // the task that took the resume died before answering it
        }
        List<JsonNode> frames = socket.frames;
        while (readUpTo < frames.size()) {
            onFrame(frames.get(readUpTo++));
        }
        long now = System.currentTimeMillis();
        boolean anyStreaming = false;
        for (String messageId : List.copyOf(outbox)) {
            MessageView view = replies.view(messageId);
            Activity a = activity.get(messageId);
            if (view == null || a == null || resumePending) {
                continue;
            }
            anyStreaming |= view.status() == MessageStatus.STREAMING;
            if (view.status() == MessageStatus.SENT && now - a.lastSentAt > UNACKED_RESEND.toMillis()) {
                send(messageId);
            } else if ((view.status() == MessageStatus.ACCEPTED || view.status() == MessageStatus.STREAMING)
                    && now - a.lastFrameAt > clientSilence.toMillis()) {
                send(messageId);
            } else if (view.status() == MessageStatus.REFUSED && RETRYABLE.contains(view.code()) && a.retryAt > 0 && now >= a.retryAt) {
                send(messageId);
            } else if ((view.status() == MessageStatus.ACCEPTED || view.status() == MessageStatus.STREAMING) && a.retryAt > 0
                    && now >= a.retryAt && a.lastFrameAt <= a.refusedAt) {
                send(messageId);
            }
        }
        if (anyStreaming && !streaming) {
            streamingSince = now;
        }
        streaming = anyStreaming;
    }

    private void onFrame(JsonNode json) {
        transcript.add(json.toString());
        if (!json.has("type") && json.has("message")) {
            // API Gateway's own error: the integration call failed (its task died). Nothing unacknowledged was accepted.
            for (String messageId : outbox) {
                MessageView view = replies.view(messageId);
                Activity a = activity.get(messageId);
                if (view != null && view.status() == MessageStatus.SENT && a != null) {
                    a.lastSentAt = System.currentTimeMillis() - UNACKED_RESEND.toMillis() + 1000;
                }
            }
            return;
        }
        Decoded<ServerFrame> decoded = CODEC.decode(json.toString());
        if (!decoded.isOk()) {
            throw new AssertionError(principal + " received a frame the contract does not allow: " + json + " (" + decoded.error() + ")");
        }
        ServerFrame frame = decoded.value();
        MessageView view = replies.apply(frame);
        if (frame instanceof ErrorFrame error && error.isRefusal()) {
            if (replies.resumeWanted() && !resumePending) {
                sendResume(); // refused as duplicate while waited on: it ended, and only a resume says how (as the page does)
            }
            if (view == null) {
                heldElsewhere(error);
            }
        }
        if (frame instanceof Resumed) {
            resumePending = false;
            // What an earlier socket sent and is still unsettled answers (if at all) to a connection that no longer listens.
            for (String messageId : List.copyOf(outbox)) {
                Activity a = activity.get(messageId);
                if ((a == null || a.epoch != socketEpoch) && !settled(messageId)) {
                    send(messageId);
                }
            }
            return;
        }
        if (view == null) {
            return;
        }
        Activity a = activity.get(view.messageId());
        if (a != null) {
            a.lastFrameAt = System.currentTimeMillis();
            if (view.status() == MessageStatus.REFUSED && RETRYABLE.contains(view.code())) {
                a.retryAt = System.currentTimeMillis() + (view.retryAfterMs() == null ? 1000 : view.retryAfterMs());
            }
        }
    }

    /**
     * A resend of a message this user still waits on was refused with a retry-after: its attempt is running somewhere
     * (for a socket that dropped, say). Sent again when that passes, unless a frame of it arrives first (as the page does).
     */
    private void heldElsewhere(ErrorFrame refusal) {
        Activity a = activity.get(refusal.messageId());
        MessageView current = replies.view(refusal.messageId());
        if (a != null && current != null && RETRYABLE.contains(refusal.code())
                && (current.status() == MessageStatus.ACCEPTED || current.status() == MessageStatus.STREAMING)) {
            a.refusedAt = System.currentTimeMillis();
            a.retryAt = a.refusedAt + (refusal.retryAfterMs() == null ? 1000 : refusal.retryAfterMs());
        }
    }

    private void send(String messageId) {
        if (socket == null || socket.closed.isDone()) {
            return;
        }
        Activity a = activity.computeIfAbsent(messageId, id -> new Activity());
        if (a.sends >= MAX_SENDS) {
            return;
        }
        a.sends++;
        a.lastSentAt = System.currentTimeMillis();
        a.lastFrameAt = a.lastSentAt;
        a.retryAt = 0;
        a.epoch = socketEpoch;
        replies.sent(messageId);
        try {
            socket.sendMessage(conversationId, messageId, questionOf.get(messageId));
        } catch (RuntimeException e) {
            // The socket died under the send: the reconnect sends it again.
        }
    }

    private void reconnectWhenDue() {
        long now = System.currentTimeMillis();
        if (now < reconnectAt) {
            return;
        }
        try {
            socket = ChatClient.connect(webSocket);
            socketEpoch++;
            readUpTo = 0;
            backoffMs = 100;
            sendResume();
        } catch (RuntimeException e) {
            socket = null;
            reconnectAt = now + backoffMs;
            backoffMs = Math.min(backoffMs * 2, 5000);
        }
    }

    private void sendResume() {
        resumePending = true;
        resumeSentAt = System.currentTimeMillis();
        Long cursor = replies.resumeCursor();
        try {
            socket.send(cursor == null ? "{\"action\":\"resume\",\"conversationId\":\"" + conversationId + "\"}"
                    : "{\"action\":\"resume\",\"conversationId\":\"" + conversationId + "\",\"lastSeq\":" + cursor + "}");
        } catch (RuntimeException e) {
            // The socket died under the send: the next tick reconnects.
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** When a message was last sent and last heard of, on which socket, and when a refusal lets it be sent again. */
    private static final class Activity {
        int sends;
        long lastSentAt;
        long lastFrameAt;
        long retryAt;
        long refusedAt;
        int epoch;
    }
}
