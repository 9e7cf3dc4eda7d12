package com.mangaassist.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.gateway.LocalApiGateway;
import com.mangaassist.infra.SynthesizedPlatform;
import com.mangaassist.infra.observability.MetricRead;
import com.mangaassist.infra.observability.MetricReads;
import com.mangaassist.it.metrics.MetricContract;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.localaws.AwsBackend;
import com.mangaassist.localaws.chat.ChatClient;
import com.mangaassist.localstack.LaunchOptions;
import com.mangaassist.localstack.LocalStackLauncher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The platform end to end, through the local WebSocket gateway as a client sees it: two warmed
 * GPU endpoints, the orchestrator, the overflow function and the AWS services of {@link #backend()}.
 * Subclasses choose the backend (embedded emulators, or LocalStack where Docker exists).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EndToEndScenarios {

    /** Shortened from API Gateway's 10 minutes so the idle scenario runs in seconds. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(12);
    /** What the dev stack names its deployment (the stack name). */
    private static final String DEPLOYMENT = "MangaAssist-dev";

    private LocalStackLauncher launcher;
    private LocalApiGateway gateway;

    /** Starts the AWS services this variant runs on. */
    abstract Supplier<AwsBackend> backend();

    @BeforeAll
    void startPlatform() {
        launcher = new LocalStackLauncher();
        // Metrics as the stack deploys them (EMF on stdout, deployment dimension), on a 1 s step so the contract test reads them soon.
        gateway = launcher.start(LaunchOptions.forTests(1, "hybrid").withIdleTimeout(IDLE_TIMEOUT)
                .withOrchestrator(1, "hybrid", Map.of(SettingNames.METRICS_DEPLOYMENT, DEPLOYMENT, SettingNames.METRICS_STEP, "1s"))
                .withOverflow(Map.of(SettingNames.METRICS_DEPLOYMENT, DEPLOYMENT)), backend());
    }

    @AfterAll
    void stopPlatform() {
        if (launcher != null) {
            launcher.stop();
        }
    }

    private ChatClient client(String principal) {
        return ChatClient.connect(gateway.webSocketUri("dev-" + principal));
    }

    private static String conversation() {
        return "c-" + UUID.randomUUID();
    }

    @Test
    void firstMessage_isAcknowledgedStreamedAndDone() {
        try (ChatClient client = client("alice")) {
            client.sendMessage(conversation(), "m1", "Recommend a samurai manga");

            List<JsonNode> frames = client.awaitEnd("m1");

            assertThat(frames.get(0).path("type").asText()).isEqualTo("ack");
            assertThat(frames).extracting(f -> f.path("seq").asLong()).isSorted().doesNotHaveDuplicates();
            JsonNode done = frames.get(frames.size() - 1);
            assertThat(done.path("type").asText()).as(done.toString()).isEqualTo("done");
            // Grounded in the store's catalog: the answer names exactly the series retrieval put in the prompt, with their citations.
            assertThat(done.path("grounded").asBoolean()).as(done.toString()).isTrue();
            List<JsonNode> sources = new ArrayList<>();
            done.path("sources").forEach(sources::add);
            assertThat(sources).isNotEmpty().allSatisfy(source -> assertThat(source.path("kind").asText()).as(source.toString()).isEqualTo("catalog"));
            String answer = ChatClient.text(frames);
            for (int i = 0; i < sources.size(); i++) {
                assertThat(answer).contains(sources.get(i).path("title").asText() + " [" + (i + 1) + "]");
            }
            assertThat(answer).doesNotContain("I found nothing");
        }
    }

    @Test
    void fortyTurnConversation_answersEveryTurnInOrderAndResumeReturnsTheLatest() {
        String conversation = conversation();
        try (ChatClient client = client("alice")) {
            for (int i = 1; i <= 40; i++) {
                client.sendMessage(conversation, "m" + i, "question " + i + " about samurai manga");
                List<JsonNode> frames = client.awaitEnd("m" + i);
                assertThat(frames.get(frames.size() - 1).path("type").asText()).as("turn %d", i).isEqualTo("done");
            }
            client.resume(conversation);
            JsonNode resumed = client.awaitType("resumed");
            List<Long> seqs = new ArrayList<>();
            resumed.path("turns").forEach(t -> seqs.add(t.path("seq").asLong()));
            assertThat(seqs).hasSize(20).startsWith(61L).endsWith(80L);
        }
    }

    /** ADR 0035: the caller's open connections are counted in Redis; past the default ten, $connect is refused until one closes. */
    @Test
    void connectionsOfOneCaller_beyondItsLimit_areRefusedUntilOneCloses() {
        List<ChatClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                open.add(client("crowd"));
            }
            assertThatThrownBy(() -> client("crowd").close()).as("an eleventh connection").isInstanceOf(CompletionException.class);
            try (ChatClient other = client("not-crowd")) {
                other.send("{\"action\":\"ping\"}");
                other.awaitType("pong");
            }

            open.remove(0).close();

            // Its $disconnect reaches the task, and the next connection of the caller opens.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                open.add(client("crowd"));
                return true;
            });
        } finally {
            open.forEach(ChatClient::close);
        }
    }

    @Test
    void socketDroppedMidStream_thenResumedAndResent_losesAndDuplicatesNothing() {
        String conversation = conversation();
        try (ChatClient first = client("bob")) {
            first.sendMessage(conversation, "m1", "Tell me about Berserk");
            await().atMost(Duration.ofSeconds(30)).until(() -> first.ofMessage("m1").stream()
                    .anyMatch(f -> f.path("type").asText().equals("token")));
            first.vanish();
        }
        try (ChatClient second = client("bob")) {
            // As the page does: a resend sooner than a renewal after the first attempt started is refused rate_limited
            // (ADR 0033), and sent again once its retryAfterMs passes, until the message ends for this connection.
            JsonNode last;
            do {
                int before = second.ofMessage("m1").size();
                second.sendMessage(conversation, "m1", "Tell me about Berserk");
                await().atMost(Duration.ofSeconds(60)).until(() -> second.ofMessage("m1").stream().skip(before).anyMatch(ChatClient::ends));
                List<JsonNode> frames = second.ofMessage("m1");
                last = frames.get(frames.size() - 1);
                if ("rate_limited".equals(last.path("code").asText())) {
                    pause(last.path("retryAfterMs").asLong(1000));
                }
            } while ("rate_limited".equals(last.path("code").asText()));
            assertThat(last.path("type").asText()).isIn("done", "error");

            second.resume(conversation);
            JsonNode resumed = second.awaitType("resumed");
            List<String> roles = new ArrayList<>();
            resumed.path("turns").forEach(t -> roles.add(t.path("role").asText() + ":" + t.path("messageId").asText()));
            // One user turn and one answer for m1, whichever attempt produced it.
            assertThat(roles).containsExactly("user:m1", "assistant:m1");
        }
    }

    @Test
    void publishedMetrics_includeEveryMetricTheStackReads() {
        // A turn on each path: capacity 1, so while one conversation's turn streams the other's spills. Both retrieve
        // (retrieval.turns and retrieval.latency in each namespace): every turn searches the catalog and the policies.
        try (ChatClient occupier = client("metrics-a"); ChatClient client = client("metrics-b")) {
            occupier.sendMessage(conversation(), "long", "Tell me everything about samurai manga");
            await().atMost(Duration.ofSeconds(30)).until(() -> occupier.ofMessage("long").stream()
                    .anyMatch(f -> f.path("type").asText().equals("token")));
            client.sendMessage(conversation(), "spilled", "Any good horror manga?");
            List<JsonNode> spilled = client.awaitEnd("spilled");
            List<JsonNode> occupying = occupier.awaitEnd("long");

            assertThat(occupying.get(occupying.size() - 1).path("route").asText()).isEqualTo("baseline");
            assertThat(spilled.get(spilled.size() - 1).path("route").asText()).isEqualTo("overflow");
        }
        List<MetricRead> reads = MetricReads.of(SynthesizedPlatform.of("dev").template().toJSON()).stream()
                .filter(r -> r.namespace().equals(MetricNames.ORCHESTRATOR_NAMESPACE) || r.namespace().equals(MetricNames.OVERFLOW_NAMESPACE))
                .toList();
        assertThat(reads).hasSizeGreaterThan(5);

        assertThat(reads).as("the stack reads retrieval in both namespaces").extracting(MetricRead::identity)
                .anySatisfy(r -> assertThat(r).contains(MetricNames.ORCHESTRATOR_NAMESPACE, MetricNames.RETRIEVAL_TURNS))
                .anySatisfy(r -> assertThat(r).contains(MetricNames.ORCHESTRATOR_NAMESPACE, MetricNames.RETRIEVAL_LATENCY))
                .anySatisfy(r -> assertThat(r).contains(MetricNames.OVERFLOW_NAMESPACE, MetricNames.RETRIEVAL_TURNS))
                .anySatisfy(r -> assertThat(r).contains(MetricNames.OVERFLOW_NAMESPACE, MetricNames.RETRIEVAL_LATENCY));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MetricContract.unmet(reads,
                MetricContract.publishedIn(launcher.orchestrator().log(), launcher.overflowFunction().log()))).isEmpty());
        // Counts are published every step, zero included: the metrics-missing alarm reads their sample count.
        assertThat(MetricContract.publishedIn(launcher.orchestrator().log()).stream()
                .filter(m -> m.name().equals(MetricNames.TURNS_COMPLETED)).count()).isGreaterThan(2);
    }

    @Test
    void complexQuestion_onEitherPath_isAnsweredByTheLargeTier() {
        // Scores above the selector's threshold with no history (ModelSelectorTest): comparison, reasons, several questions.
        String complex = "Compare Berserk and Vinland Saga: why do their protagonists change? Explain the difference in art style? "
                + "And which should I read first?";
        try (ChatClient occupier = client("tier-a"); ChatClient client = client("tier-b")) {
            occupier.sendMessage(conversation(), "long", "Tell me everything about samurai manga");
            await().atMost(Duration.ofSeconds(30)).until(() -> occupier.ofMessage("long").stream()
                    .anyMatch(f -> f.path("type").asText().equals("token")));
            client.sendMessage(conversation(), "spilled", complex);
            List<JsonNode> spilled = client.awaitEnd("spilled");
            occupier.awaitEnd("long");
            client.sendMessage(conversation(), "baseline", complex);
            List<JsonNode> baseline = client.awaitEnd("baseline");

            assertThat(spilled.get(spilled.size() - 1).path("route").asText()).isEqualTo("overflow");
            assertThat(baseline.get(baseline.size() - 1).path("route").asText()).isEqualTo("baseline");
        }
        // Each path counted its turn under the large tier, chosen by the score: the large endpoint took it.
        for (String namespace : List.of(MetricNames.ORCHESTRATOR_NAMESPACE, MetricNames.OVERFLOW_NAMESPACE)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MetricContract.publishedIn(launcher.orchestrator().log(),
                    launcher.overflowFunction().log())).as(namespace).anySatisfy(m -> {
                        assertThat(m.namespace()).isEqualTo(namespace);
                        assertThat(m.name()).isEqualTo(MetricNames.MODEL_TIER_TURNS);
                        assertThat(m.dimensions()).containsEntry(MetricNames.TIER, "large").containsEntry(MetricNames.REASON, "complexity");
                    }));
        }
    }

    @Test
    void badFrames_getErrorFramesWithTheirCodes() {
        try (ChatClient client = client("carol")) {
            client.send("{not json");
            client.send("{\"action\":\"dance\"}");
            client.send("{\"action\":\"sendMessage\",\"conversationId\":\"c-1\",\"messageId\":\"m1\",\"text\":\"" + "x".repeat(33_000) + "\"}");

            await().atMost(Duration.ofSeconds(10)).until(() -> client.frames.size() == 3);
            assertThat(client.frames).extracting(f -> f.path("code").asText())
                    .containsExactlyInAnyOrder("malformed_json", "unknown_action", "frame_too_large");
        }
    }

    @Test
    void messageOverTheGatewayLimit_closesTheSocketWith1009() throws Exception {
        ChatClient client = client("carol");
        client.send("{\"action\":\"sendMessage\",\"text\":\"" + "x".repeat(130 * 1024) + "\"}");

        assertThat(client.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1009);
    }

    @Test
    void anotherPrincipal_resumingTheSameConversationId_seesNothingOfTheOwners() {
        // Conversations are keyed under their principal (ADR 0019): another caller naming the same id reaches its own,
        // empty conversation, so it can neither read the owner's turns nor learn that they exist.
        String conversation = conversation();
        try (ChatClient owner = client("dave"); ChatClient intruder = client("eve")) {
            owner.sendMessage(conversation, "m1", "my question");
            owner.awaitEnd("m1");

            intruder.resume(conversation);
            JsonNode seen = intruder.awaitType("resumed");
            intruder.sendMessage(conversation, "m1", "not my question");
            intruder.awaitEnd("m1");
            owner.resume(conversation);
            JsonNode ownersView = owner.awaitType("resumed");

            assertThat(seen.path("turns")).isEmpty();
            assertThat(ownersView.path("turns")).hasSize(2);
            assertThat(ownersView.path("turns").get(0).path("text").asText()).isEqualTo("my question");
        }
    }

    @Test
    void feedback_onAnotherPrincipalsAnswer_isRefusedAndTheOwnersOwnRatingShowsAfterAResume() {
        // A rating reaches only the caller's own answers (ADR 0045): another caller naming the owner's conversation and
        // message is refused as if the id did not exist, and the owner's answer stays unrated until the owner rates it.
        String conversation = conversation();
        try (ChatClient owner = client("judy"); ChatClient intruder = client("mallory")) {
            owner.sendMessage(conversation, "m1", "Recommend a samurai manga");
            owner.awaitEnd("m1");

            intruder.send(feedback(conversation, "m1", "down"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !intruder.ofMessage("m1").isEmpty());
            assertThat(intruder.ofMessage("m1")).singleElement().satisfies(f -> {
                assertThat(f.path("type").asText()).isEqualTo("error");
                assertThat(f.path("code").asText()).isEqualTo("unknown_message");
            });
            owner.resume(conversation);
            assertThat(owner.awaitType("resumed").path("turns").get(1).has("rating")).isFalse();

            owner.send(feedback(conversation, "m1", "up"));
            await().atMost(Duration.ofSeconds(10)).until(() -> owner.frames.stream().anyMatch(f -> f.path("type").asText().equals("feedbackSaved")));
            owner.frames.clear();
            owner.resume(conversation);
            assertThat(owner.awaitType("resumed").path("turns").get(1).path("rating").asText()).isEqualTo("up");
        }
    }

    private static String feedback(String conversation, String messageId, String rating) {
        return "{\"action\":\"feedback\",\"conversationId\":\"" + conversation + "\",\"messageId\":\"" + messageId + "\",\"rating\":\""
                + rating + "\"}";
    }

    @Test
    void tokenBudgets_reportUsageInDoneAndRefuseACallerWhoseDayIsSpentWithoutStoringIt() {
        // Usage is charged with each stored answer and reported in done (ADR 0046); a caller whose day is spent is refused
        // quota_exceeded before anything is stored, while another caller goes on.
        String conversation = conversation();
        try (ChatClient spender = client("quincy"); ChatClient other = client("rosa")) {
            spender.sendMessage(conversation, "m1", "Recommend a samurai manga");
            List<JsonNode> answered = spender.awaitEnd("m1");
            JsonNode done = answered.get(answered.size() - 1);
            JsonNode day = done.path("quota").path("day");
            long answerTokens = done.path("usage").path("promptTokens").asLong() + done.path("usage").path("completionTokens").asLong();
            assertThat(day.path("used").asLong()).as(done.toString()).isEqualTo(answerTokens);
            assertThat(day.path("limit").asLong()).isEqualTo(Long.parseLong(LocalStackLauncher.LOCAL_TOKEN_BUDGETS.get(SettingNames.QUOTA_DAILY_TOKENS)));
            // The line the stack's saved query and top-callers widget read, as the path that answered logged it.
            java.nio.file.Path log = done.path("route").asText().equals("overflow") ? launcher.overflowFunction().log() : launcher.orchestrator().log();
            java.util.regex.Pattern usageLine = java.util.regex.Pattern.compile(com.mangaassist.infra.observability.UsageByPrincipal.PARSE_PATTERN);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(java.nio.file.Files.readAllLines(log).stream()
                    .map(usageLine::matcher).filter(java.util.regex.Matcher::find).filter(m -> m.group("principal").equals("quincy"))
                    .map(m -> Long.parseLong(m.group("tokens")))).containsExactly(answerTokens));

            chargeRestOfTheDay("quincy", day.path("limit").asLong() - answerTokens);
            spender.send("{\"action\":\"usage\"}");
            assertThat(spender.awaitType("usage").path("quota").path("day").path("used").asLong()).isEqualTo(day.path("limit").asLong());
            spender.sendMessage(conversation, "m2", "And another?");

            assertThat(spender.awaitEnd("m2")).singleElement().satisfies(refusal -> {
                assertThat(refusal.path("code").asText()).isEqualTo("quota_exceeded");
                assertThat(refusal.path("retryAfterMs").asLong()).isPositive();
            });
            spender.resume(conversation);
            assertThat(spender.awaitType("resumed").path("turns")).hasSize(2);
            other.sendMessage(conversation(), "m1", "Recommend a samurai manga");
            assertThat(other.awaitEnd("m1")).last().satisfies(f -> assertThat(f.path("type").asText()).isEqualTo("done"));
        }
    }

    /** Charges {@code tokens} to {@code principal}'s day as one stored answer does, through the store both services use. */
    private void chargeRestOfTheDay(String principal, long tokens) {
        Map<String, String> pipeline = launcher.pipelineProperties();
        try (software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo = new com.mangaassist.pipeline.aws.AwsClientDefaults(
                pipeline.getOrDefault(SettingNames.AWS_REGION, "us-east-1"), true)
                .configure(software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder(), pipeline.get(SettingNames.AWS_ENDPOINTS + ".dynamodb"))
                .build()) {
            var store = new com.mangaassist.pipeline.conversation.DynamoDbConversationStore(dynamo, pipeline.get(SettingNames.CONVERSATION_TABLE),
                    java.time.Clock.systemUTC(), Duration.ofDays(1));
            var accepted = (com.mangaassist.pipeline.conversation.Acceptance.Accepted) store.accept(
                    new com.mangaassist.pipeline.conversation.ConversationRef(principal, conversation()),
                    new com.mangaassist.pipeline.conversation.NewQuestion("m-spend", "a long day", 3, List.of(), "en", "conn-spend", "r-spend"),
                    com.mangaassist.pipeline.conversation.Lease.running(java.time.Instant.now().plusSeconds(60)));
            store.answer(accepted.message(), new com.mangaassist.pipeline.conversation.NewAnswer("spent", 1, List.of(),
                    com.mangaassist.shared.domain.Route.BASELINE, 1, null, tokens));
        }
    }

    @Test
    void turnsOfOneConversation_spreadOverBothPaths_keepOrderAndContext() {
        String busy = conversation();
        String mixed = conversation();
        try (ChatClient occupier = client("frank"); ChatClient client = client("grace")) {
            client.sendMessage(mixed, "m1", "first question");
            client.awaitEnd("m1");
            // Capacity is 1: while another conversation's turn streams, this one's next turn spills to the overflow function.
            occupier.sendMessage(busy, "long", "Tell me everything about samurai manga");
            await().atMost(Duration.ofSeconds(30)).until(() -> occupier.ofMessage("long").stream()
                    .anyMatch(f -> f.path("type").asText().equals("token")));
            client.sendMessage(mixed, "m2", "second question");
            List<JsonNode> second = client.awaitEnd("m2");
            occupier.awaitEnd("long");
            client.sendMessage(mixed, "m3", "third question");
            List<JsonNode> third = client.awaitEnd("m3");

            assertThat(second.get(second.size() - 1).path("route").asText()).isEqualTo("overflow");
            assertThat(third.get(third.size() - 1).path("route").asText()).isEqualTo("baseline");
            client.resume(mixed);
            JsonNode resumed = client.awaitType("resumed");
            List<String> turns = new ArrayList<>();
            resumed.path("turns").forEach(t -> turns.add(t.path("seq").asLong() + ":" + t.path("role").asText() + ":" + t.path("messageId").asText()));
            assertThat(turns).containsExactly("1:user:m1", "2:assistant:m1", "3:user:m2", "4:assistant:m2", "5:user:m3", "6:assistant:m3");
            // The third prompt held the overflow turn: the endpoint reports more prompt tokens than for the first.
            JsonNode firstDone = client.ofMessage("m1").stream().filter(f -> f.path("type").asText().equals("done")).findFirst().orElseThrow();
            assertThat(third.get(third.size() - 1).path("usage").path("promptTokens").asInt())
                    .isGreaterThan(firstDone.path("usage").path("promptTokens").asInt() + 40);
        }
    }

    @Test
    void idleSocket_isClosedLikeApiGatewayAndTheClientCanReconnect() throws Exception {
        ChatClient idle = client("henry");

        assertThat(idle.closed.get(IDLE_TIMEOUT.getSeconds() + 10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1001);
        try (ChatClient again = client("henry")) {
            again.send("{\"action\":\"ping\"}");
            assertThat(again.awaitType("pong")).isNotNull();
        }
    }

    @Test
    void gpuInstanceRestarting_whileTheOtherServes_failsNoTurnAndNeverReachesItCold() throws Exception {
        String conversation = conversation();
        try (ChatClient client = client("ivan")) {
            java.util.concurrent.CompletableFuture<Void> restart = java.util.concurrent.CompletableFuture.runAsync(launcher::restartSecondGpuInstance);
            int turns = 0;
            // Keep the conversation going through the whole restart: stop, load, warm, ready.
            while (!restart.isDone() || turns < 3) {
                turns++;
                client.sendMessage(conversation, "m" + turns, "question " + turns);
                List<JsonNode> frames = client.awaitEnd("m" + turns);
                assertThat(frames.get(frames.size() - 1).path("type").asText()).as("turn %d during the restart", turns).isEqualTo("done");
            }
            restart.get();
            assertThat(turns).isGreaterThanOrEqualTo(3);
            // The restarted instance refused nothing as not ready: the runtime never routed to it while it was cold.
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    launcher.secondGpuInstance().resolve("/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).doesNotContain("outcome=\"not_ready\"");
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
