package com.mangaassist.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.gateway.LocalApiGateway;
import com.mangaassist.localaws.chat.ChatClient;
import com.mangaassist.localaws.process.NodePackages;
import com.mangaassist.pipeline.aws.AwsClientDefaults;
import com.mangaassist.shared.contract.OrdersTable;
import com.mangaassist.shared.contract.SettingNames;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What README's run command brings up, end to end: a WebSocket client is answered on the baseline
 * path; answers are grounded in the store's catalog and in the asker's own orders, never another
 * person's, and still come (without context) while the search engine is stalled; the chat page
 * streams a reply and lists its sources in headless Chromium (skipped where Debian's chromium is
 * not installed; CI installs it); with every turn forced to overflow, the same frames come from the
 * overflow function.
 */
class LocalStackLauncherTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How the simulated engine opens an answer from catalog passages, and the one it gives with no context, in each language. */
    private static final String CATALOG_INTRO_JA = "ストアのカタログから、次の作品はいかがでしょう。";
    private static final String NO_CONTEXT_EN = "I found nothing in the store's catalog or policies for that question";
    private static LocalStackLauncher launcher;
    private static LocalApiGateway gateway;

    @BeforeAll
    static void start() {
        launcher = new LocalStackLauncher();
        // A TTFT SLA no busy test machine reaches: these tests name the route they expect, and the first turns of a freshly started
        // stack (cold JIT, the embedder's first runs) must not move the routing policy to the overflow path by being slow.
        gateway = launcher.start(LaunchOptions.forTests(8, "hybrid").withOrchestrator(8, "hybrid", Map.of(SettingNames.TTFT_SLA, "60s")));
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
    void sendMessage_whenAskedInJapaneseForSportsManga_answersInJapaneseNamingEveryCatalogSource() {
        try (ChatClient client = ChatClient.connect(gateway.webSocketUri("dev-user"))) {
            List<JsonNode> frames = ask(client, "c-" + UUID.randomUUID(), "m1", "おすすめのスポーツ漫画は？");

            JsonNode done = done(frames);
            List<JsonNode> sources = sources(done);
            String answer = ChatClient.text(frames);
            assertThat(done.path("grounded").asBoolean()).as(done.toString()).isTrue();
            assertThat(sources).isNotEmpty().allSatisfy(source -> assertThat(source.path("kind").asText()).as(source.toString()).isEqualTo("catalog"));
            assertThat(answer).startsWith(CATALOG_INTRO_JA);
            for (int i = 0; i < sources.size(); i++) {
                // Each series as the page cites it: its title in the block's order, with the citation the model was given.
                assertThat(answer).contains("『" + sources.get(i).path("title").asText() + "』[" + (i + 1) + "]");
            }
        }
    }

    @Test
    void sendMessage_whenAUserAsksForTheirLastOrder_isGroundedOnTheirNewestOrderAndNoOneElses() {
        Map<String, List<String>> orders = new java.util.HashMap<>();
        for (String principal : LocalOrders.PRINCIPALS) {
            orders.put(principal, orderIdsNewestFirst(principal));
        }
        assertThat(orders.get("user")).isNotEmpty().allSatisfy(id -> assertThat(id).startsWith("MA-U"));
        assertThat(orders.get("alice")).isNotEmpty().allSatisfy(id -> assertThat(id).startsWith("MA-A"));

        for (String asker : List.of("user", "alice")) {
            try (ChatClient client = ChatClient.connect(gateway.webSocketUri("dev-" + asker))) {
                List<JsonNode> frames = ask(client, "c-" + UUID.randomUUID(), "m1", "where is my last order?");

                JsonNode done = done(frames);
                List<JsonNode> sources = sources(done);
                String answer = ChatClient.text(frames);
                assertThat(done.path("grounded").asBoolean()).as(asker + ": " + done).isTrue();
                assertThat(sources).as(asker).isNotEmpty();
                assertThat(sources.get(0).path("kind").asText()).as(asker + ": " + done).isEqualTo("order");
                assertThat(sources.get(0).path("id").asText()).as(asker + ": the newest order first").isEqualTo(orders.get(asker).get(0));
                assertThat(sources).filteredOn(source -> source.path("kind").asText().equals("order")).as(asker)
                        .allSatisfy(source -> assertThat(orders.get(asker)).contains(source.path("id").asText()));
                // The newest order's own facts, cited [1]: its title reads "Order <id> (<placed>)", its passage "Placed <placed>. ...".
                String placed = sources.get(0).path("title").asText().replaceAll("^Order \\S+ \\((.+)\\)$", "$1");
                assertThat(placed).as(sources.get(0).toString()).matches("\\d{4}-\\d{2}-\\d{2}");
                assertThat(answer).as(asker).startsWith("About your order [1]: Placed " + placed + ".");
                for (String other : LocalOrders.PRINCIPALS) {
                    if (other.equals(asker)) {
                        continue;
                    }
                    for (String foreign : orders.get(other)) {
                        assertThat(done.toString()).as(asker + " is told of " + other + "'s order").doesNotContain(foreign);
                        assertThat(answer).as(asker + " is told of " + other + "'s order").doesNotContain(foreign);
                    }
                }
            }
        }
    }

    @Test
    void sendMessage_withHostileText_getsExactlyOneDoneOrAnExplicitErrorPerMessageAndCrashesNothing() {
        List<String> hostile = List.of(
                // Query DSL, as if the message were a search body.
                "{\"query\":{\"script\":{\"script\":{\"source\":\"Runtime.getRuntime().exit(0)\"}}},\"size\":10000,\"_source\":[\"*\"]}",
                // Lucene query-string and regex syntax.
                "title_en:/.*/ OR *:* AND NOT kind:policy^1000 ~2 \\ \" { } [ TO ] ( ) ! && || _index:knowledge-*",
                // As long as a message may be, in each script.
                "manga ".repeat(666),
                "漫画".repeat(1_999));
        String conversation = "c-" + UUID.randomUUID();
        try (ChatClient client = ChatClient.connect(gateway.webSocketUri("dev-user"))) {
            for (int i = 0; i < hostile.size(); i++) {
                String messageId = "hostile-" + i;
                JsonNode end = done(ask(client, conversation, messageId, hostile.get(i)));
                assertThat(end.path("type").asText()).as(messageId + ": " + end).isIn("done", "error");
                if (end.path("type").asText().equals("done")) {
                    assertThat(end.path("grounded").asBoolean()).as(end.toString()).isEqualTo(!sources(end).isEmpty());
                } else {
                    assertThat(end.path("code").asText()).as(end.toString()).isNotBlank();
                }
            }
            // One character over the limit: refused, with its code, never run.
            JsonNode refused = done(ask(client, conversation, "too-long", "x".repeat(4_001)));
            assertThat(refused.path("type").asText()).as(refused.toString()).isEqualTo("error");
            assertThat(refused.path("code").asText()).isEqualTo("text_too_long");

            // A question after them (in a conversation of its own: a short follow-up joins the previous message to its query)
            // is answered and grounded as ever; then every message has had exactly one end.
            JsonNode after = done(ask(client, "c-" + UUID.randomUUID(), "after", "Any good horror manga?"));
            assertThat(after.path("type").asText()).as(after.toString()).isEqualTo("done");
            assertThat(after.path("grounded").asBoolean()).as(after.toString()).isTrue();
            List<String> messageIds = new ArrayList<>();
            for (int i = 0; i < hostile.size(); i++) {
                messageIds.add("hostile-" + i);
            }
            messageIds.addAll(List.of("too-long", "after"));
            for (String messageId : messageIds) {
                assertThat(client.ofMessage(messageId).stream().filter(ChatClient::ends)).as(messageId).hasSize(1);
            }
        }
        launcher.orchestrator().assertAlive();
        launcher.searchEngine().assertAlive();
    }

    @Test
    void sendMessage_whileTheSearchEngineIsStopped_isAnsweredUngroundedThenGroundedOnceItResumes() {
        String conversation = "c-" + UUID.randomUUID();
        try (ChatClient client = ChatClient.connect(gateway.webSocketUri("dev-user"))) {
            launcher.searchEngine().suspend();
            try {
                List<JsonNode> frames = ask(client, conversation, "stalled", "Any good horror manga?");

                JsonNode done = done(frames);
                assertThat(done.path("type").asText()).as(done.toString()).isEqualTo("done");
                assertThat(done.path("grounded").asBoolean()).as(done.toString()).isFalse();
                assertThat(sources(done)).isEmpty();
                assertThat(ChatClient.text(frames)).startsWith(NO_CONTEXT_EN);
            } finally {
                launcher.searchEngine().resume();
            }
            int[] attempt = {0};
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                String messageId = "resumed-" + ++attempt[0];
                JsonNode done = done(ask(client, conversation, messageId, "Any good horror manga?"));
                return done.path("type").asText().equals("done") && done.path("grounded").asBoolean() && !sources(done).isEmpty();
            });
        }
    }

    /** Sends a message as the chat page does (no locale: the answer's language follows the text) and returns its frames once it ended. */
    private static List<JsonNode> ask(ChatClient client, String conversation, String messageId, String text) {
        ObjectNode frame = JSON.createObjectNode().put("action", "sendMessage").put("conversationId", conversation).put("messageId", messageId)
                .put("text", text);
        client.send(frame.toString());
        return client.awaitEnd(messageId);
    }

    /** The frame that ended a message (done or error). */
    private static JsonNode done(List<JsonNode> frames) {
        return frames.stream().filter(ChatClient::ends).findFirst().orElseThrow();
    }

    private static List<JsonNode> sources(JsonNode done) {
        List<JsonNode> sources = new ArrayList<>();
        done.path("sources").forEach(sources::add);
        return sources;
    }

    /** A dev principal's order ids as the stack's orders table holds them, newest first. */
    private static List<String> orderIdsNewestFirst(String principal) {
        Map<String, String> env = launcher.endpoints().variables();
        try (DynamoDbClient dynamo = new AwsClientDefaults(env.get("AWS_REGION"), true)
                .configure(DynamoDbClient.builder(), env.get("AWS_ENDPOINT_URL_DYNAMODB")).build()) {
            return dynamo.query(b -> b.tableName(LocalKnowledge.ORDERS_TABLE).keyConditionExpression("#p = :p")
                            .expressionAttributeNames(Map.of("#p", OrdersTable.PK)).expressionAttributeValues(Map.of(":p", AttributeValue.fromS(principal)))
                            .scanIndexForward(false)).items().stream().map(item -> item.get("orderId").s()).toList();
        }
    }

    @Test
    void chatPage_streamsAReplyAndListsItsSourcesInHeadlessChromium() throws Exception {
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
                    "ok sagemaker-runtime invoke-endpoint\n", "ok sagemaker-runtime stateful session", "ok apigatewaymanagementapi");
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

        assertThat(options).isEqualTo(new LaunchOptions(9000, "http://127.0.0.1:11434", "llama3.1", 4, "baseline-only", null, null, null, null, null, 2,
                false));
        assertThat(options.simulated()).isFalse();
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--openai-url", "http://x"})).hasMessageContaining("--openai-model");
        // --oidc takes no value, wherever it stands; without it, dev tokens.
        assertThat(LaunchOptions.parse(new String[] {"--oidc", "--port", "9000"})).satisfies(o -> {
            assertThat(o.oidc()).isTrue();
            assertThat(o.port()).isEqualTo(9000);
        });
        assertThat(LaunchOptions.parse(new String[] {"--port", "9000", "--oidc"}).oidc()).isTrue();
        assertThat(LaunchOptions.parse(new String[0]).oidc()).isFalse();
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
