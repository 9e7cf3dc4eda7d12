package com.mangaassist.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.gateway.LocalApiGateway;
import com.mangaassist.localaws.chat.ChatClient;
import com.mangaassist.localaws.process.NodePackages;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What README's run command brings up, end to end: a WebSocket client is answered on the baseline
 * path; the chat page streams a reply in headless Chromium (skipped where Debian's chromium is not
 * installed; CI installs it); with every turn forced to overflow, the same frames come from the
 * overflow function.
 */
class LocalStackLauncherTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static LocalStackLauncher launcher;
    private static LocalApiGateway gateway;

    @BeforeAll
    static void start() {
        launcher = new LocalStackLauncher();
        gateway = launcher.start(LaunchOptions.forTests(8, "hybrid"));
    }

    @AfterAll
    static void stop() {
        if (launcher != null) {
            launcher.stop();
        }
    }

    @Test
    void sendMessage_isAnsweredOnTheBaselinePath() throws Exception {
        assertThat(lastFrame(gateway)).contains("\"type\":\"done\"", "\"route\":\"baseline\"");
    }

    @Test
    void chatPage_streamsAReplyInHeadlessChromium() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed");
        Path checker = NodePackages.installed(LocalStackLauncherTest.class, "browser", List.of("chat-page-check.mjs"), "playwright-core");
        Path screenshot = Path.of("target/chat-page.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());

        Process node = new ProcessBuilder("node", "chat-page-check.mjs", gateway.chatUrl().toString(), screenshot.toString())
                .directory(checker.toFile()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(90, TimeUnit.SECONDS)).isTrue();

        assertThat(node.exitValue()).as(output).isZero();
        assertThat(output).contains("\"ok\":true");
    }

    @Test
    void independentClient_botocore_callsEveryEmulatedApiThePlatformUses() throws Exception {
        String python = pythonWithBotocore();
        Assumptions.assumeTrue(python != null, "no python3 with botocore (Debian's python3-botocore, or the AWS CLI's)");
        lastFrame(gateway); // a turn has run, so the chat-events stream holds what the services wrote
        Path script = Path.of("target/independent-clients.py").toAbsolutePath();
        try (InputStream in = LocalStackLauncherTest.class.getResourceAsStream("independent-clients.py")) {
            Files.createDirectories(script.getParent());
            Files.write(script, in.readAllBytes());
        }
        Set<String> before = gateway.openConnections();
        try (ChatClient probe = ChatClient.connect(gateway.webSocketUri("dev-probe"))) {
            probe.send("{\"action\":\"ping\"}");
            probe.awaitType("pong");
            String connection = gateway.openConnections().stream().filter(id -> !before.contains(id)).findFirst().orElseThrow();
            ProcessBuilder run = new ProcessBuilder(python, script.toString()).redirectErrorStream(true);
            run.environment().putAll(launcher.endpoints().variables());
            run.environment().put("MANGAASSIST_PROBE_CONNECTION", connection);
            Process process = run.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).doesNotContain("FAIL").contains("ok dynamodb", "ok sqs send", "ok kinesis put-record", "ok kinesis records the services",
                    "ok sagemaker-runtime invoke-endpoint\n", "ok apigatewaymanagementapi");
            System.out.println(output);
        }
    }

    /** The first python3 that has botocore, preferring one new enough for SageMaker's response stream (the AWS CLI's). */
    private static String pythonWithBotocore() throws Exception {
        String found = null;
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process probe = new ProcessBuilder(candidate, "-c", "import botocore.session as s; c = s.get_session().create_client("
                        + "'sagemaker-runtime', region_name='us-east-1'); print(hasattr(c, 'invoke_endpoint_with_response_stream'))")
                        .redirectErrorStream(true).start();
                String answer = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    if (answer.endsWith("True")) {
                        return candidate;
                    }
                    found = found == null ? candidate : found;
                }
            } catch (java.io.IOException missing) {
                // not installed
            }
        }
        return found;
    }

    @Test
    void overflowOnly_answersTheSameWayThroughTheOverflowFunction() throws Exception {
        LocalStackLauncher overflowOnly = new LocalStackLauncher();
        try {
            LocalApiGateway overflowGateway = overflowOnly.start(LaunchOptions.forTests(8, "overflow-only"));
            assertThat(lastFrame(overflowGateway)).contains("\"type\":\"done\"", "\"route\":\"overflow\"");
        } finally {
            overflowOnly.stop();
        }
    }

    @Test
    void options_parseTheDocumentedFlags() {
        LaunchOptions options = LaunchOptions.parse(new String[] {"--port", "9000", "--openai-url", "http://127.0.0.1:11434", "--openai-model",
                "llama3.1", "--capacity", "4", "--spill-mode", "baseline-only"});

        assertThat(options).isEqualTo(new LaunchOptions(9000, "http://127.0.0.1:11434", "llama3.1", 4, "baseline-only", null, null, null, null, null, 2));
        assertThat(options.simulated()).isFalse();
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--openai-url", "http://x"})).hasMessageContaining("--openai-model");
    }

    /** Opens the chat page and a socket, sends one message, returns its last frame (after checking ack and tokens came first). */
    private static String lastFrame(LocalApiGateway target) throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(target.chatUrl()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("MangaAssist");
        List<String> frames = new CopyOnWriteArrayList<>();
        CompletableFuture<String> done = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(target.webSocketUri("dev-alice"), new WebSocket.Listener() {
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
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        return last;
    }
}
