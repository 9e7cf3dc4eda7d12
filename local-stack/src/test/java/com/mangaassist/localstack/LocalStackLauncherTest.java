package com.mangaassist.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.gateway.LocalApiGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What README's run command brings up, end to end: a browser-shaped client opens the chat page and
 * a WebSocket, and a message is answered on the baseline path; with every turn forced to overflow,
 * the same frames come from the overflow function.
 */
class LocalStackLauncherTest {

    @Test
    void localStack_answersOverTheBaselineAndTheOverflowPaths() throws Exception {
        for (String mode : List.of("hybrid", "overflow-only")) {
            LocalStackLauncher launcher = new LocalStackLauncher();
            try {
                LocalApiGateway gateway = launcher.start(new LaunchOptions(0, null, null, 8, mode));

                HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.chatUrl()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.body()).contains("MangaAssist");

                List<String> frames = new CopyOnWriteArrayList<>();
                CompletableFuture<String> done = new CompletableFuture<>();
                WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(gateway.webSocketUri("dev-alice"),
                        new WebSocket.Listener() {
                            private final StringBuilder partial = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                partial.append(data);
                                if (last) {
                                    String frame = partial.toString();
                                    partial.setLength(0);
                                    frames.add(frame);
                                    if (frame.contains("\"type\":\"done\"") || frame.contains("\"type\":\"error\"")) {
                                        done.complete(frame);
                                    }
                                }
                                ws.request(1);
                                return null;
                            }
                        }).join();
                socket.sendText("{\"action\":\"sendMessage\",\"conversationId\":\"c-" + UUID.randomUUID()
                        + "\",\"messageId\":\"m1\",\"text\":\"Recommend a samurai manga\",\"locale\":\"en\"}", true).join();

                String last = done.get(60, TimeUnit.SECONDS);
                assertThat(frames.get(0)).contains("\"type\":\"ack\"");
                assertThat(frames).anyMatch(f -> f.contains("\"type\":\"token\""));
                assertThat(last).contains("\"type\":\"done\"", "\"route\":\"" + (mode.equals("hybrid") ? "baseline" : "overflow") + "\"");
            } finally {
                launcher.stop();
            }
        }
    }

    @Test
    void options_parseTheDocumentedFlags() {
        LaunchOptions options = LaunchOptions.parse(new String[] {"--port", "9000", "--openai-url", "http://127.0.0.1:11434", "--openai-model",
                "llama3.1", "--capacity", "4", "--spill-mode", "baseline-only"});

        assertThat(options).isEqualTo(new LaunchOptions(9000, "http://127.0.0.1:11434", "llama3.1", 4, "baseline-only"));
        assertThat(options.simulated()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--openai-url", "http://x"}))
                .hasMessageContaining("--openai-model");
    }
}
