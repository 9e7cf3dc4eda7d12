package com.mangaassist.localaws.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A chat client on the local gateway's WebSocket, for tests: sends frames, keeps every frame it
 * receives, parsed, and waits for a message's end.
 */
public final class ChatClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private ChatClient(URI uri) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        frames.add(JSON.readTree(partial.toString()));
                    } catch (Exception e) {
                        throw new IllegalStateException("unreadable frame " + partial, e);
                    }
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
            }
        }).join();
    }

    public static ChatClient connect(URI uri) {
        return new ChatClient(uri);
    }

    public void send(String frame) {
        socket.sendText(frame, true).join();
    }

    public void sendMessage(String conversationId, String messageId, String text) {
        send("{\"action\":\"sendMessage\",\"conversationId\":\"" + conversationId + "\",\"messageId\":\"" + messageId + "\",\"text\":\""
                + text + "\",\"locale\":\"en\"}");
    }

    public void resume(String conversationId) {
        send("{\"action\":\"resume\",\"conversationId\":\"" + conversationId + "\"}");
    }

    /** The frames of one message once it ended with done or error. */
    public List<JsonNode> awaitEnd(String messageId) {
        awaitUntil(Duration.ofSeconds(60), () -> ofMessage(messageId).stream().anyMatch(ChatClient::ends), "message " + messageId + " to end");
        return ofMessage(messageId);
    }

    public JsonNode awaitType(String type) {
        awaitUntil(Duration.ofSeconds(30), () -> frames.stream().anyMatch(f -> type.equals(f.path("type").asText())), "a " + type + " frame");
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).reduce((a, b) -> b).orElseThrow();
    }

    public List<JsonNode> ofMessage(String messageId) {
        return frames.stream().filter(f -> messageId.equals(f.path("messageId").asText(null))).toList();
    }

    public static boolean ends(JsonNode frame) {
        String type = frame.path("type").asText();
        return type.equals("done") || type.equals("error");
    }

    public static String text(List<JsonNode> frames) {
        StringBuilder text = new StringBuilder();
        frames.stream().filter(f -> f.path("type").asText().equals("token")).forEach(f -> text.append(f.path("text").asText()));
        return text.toString();
    }

    /** The socket vanishes without a close handshake, as a dropped network does. */
    public void vanish() {
        socket.abort();
    }

    private void awaitUntil(Duration timeout, java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout + "; frames so far: " + frames);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
