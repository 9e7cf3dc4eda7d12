package com.mangaassist.overflow.snapstart;

import com.mangaassist.pipeline.conversation.Acceptance;
import com.mangaassist.pipeline.conversation.AttemptStage;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.DynamoDbConversationStore;
import com.mangaassist.pipeline.conversation.NewAnswer;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.conversation.UsagePeriods;
import com.mangaassist.pipeline.delivery.ConnectionGoneException;
import com.mangaassist.pipeline.delivery.ManagementApiConnectionSink;
import com.mangaassist.pipeline.delivery.ReplyFrames;
import com.mangaassist.pipeline.events.KinesisChatEventSink;
import com.mangaassist.pipeline.turn.MessageAttempts;
import com.mangaassist.pipeline.turn.TurnPipeline;
import com.mangaassist.shared.budget.AssembledPrompt;
import com.mangaassist.shared.budget.BudgetRequest;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.budget.ConversationTurn;
import com.mangaassist.shared.budget.PromptPart;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.grounding.RetrievalOutcome;
import com.mangaassist.shared.model.ModelSelection;
import com.mangaassist.shared.model.ModelSelector;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.ChatEventType;
import com.mangaassist.shared.wire.events.RetrievalFigures;
import com.mangaassist.shared.wire.inference.FinishReason;
import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceCodec;
import com.mangaassist.shared.wire.overflow.OverflowMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessageCodec;
import com.mangaassist.shared.wire.server.Done;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import com.mangaassist.shared.wire.server.Source;
import com.mangaassist.shared.wire.server.Token;
import com.mangaassist.shared.wire.server.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * SnapStart priming: before Lambda takes the snapshot, runs the invoke path's code once so the
 * restored function does not load and interpret it on its first message. The codecs, the context
 * budget and model selection run on a representative turn; the conversation store, the
 * {@code @connections} sink and the chat-event sink run against twins of the function's SDK
 * clients — built the same way, on the same code, but answered in memory by a
 * {@link CannedHttpClient} — so the SDK's marshalling, endpoint rules, signing and response
 * handling are primed while no table, connection or stream sees a call, and no connection or
 * credential is carried into the snapshot. What a restore still pays is measured in
 * bench/run-lambda-init.sh (docs/benchmarks.md): new connections, credentials, and the streaming
 * SageMaker call, which is not primed (its async client has no in-memory stand-in here).
 */
public final class InvokePathPrimer implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(InvokePathPrimer.class);

    /** What the twins' operations answer: enough for each call to complete as it would on success. */
    private static final Map<String, String> CANNED = Map.of(
            "PutRecords", "{\"FailedRecordCount\":0,\"Records\":[{\"SequenceNumber\":\"1\",\"ShardId\":\"shardId-000000000000\"}]}",
            "Query", "{\"Count\":0,\"Items\":[],\"ScannedCount\":0}");

    private final String table;
    private final TurnTimings timings;
    private final ContextBudgetManager budget;
    private final Function<SdkHttpClient, DynamoDbClient> dynamo;
    private final Function<SdkHttpClient, ApiGatewayManagementApiClient> connections;
    private final Function<SdkHttpClient, KinesisClient> kinesis;

    /**
     * @param table       the conversation table's name (the twin store's requests name it, as the real ones do)
     * @param budget      the pipeline's own budget: priming warms the instance turns use, and loads no second tokenizer
     * @param dynamo      builds a DynamoDB client exactly as the function does, on the given HTTP client
     * @param connections builds the {@code @connections} client exactly as the function does, on the given HTTP client
     * @param kinesis     builds the Kinesis client exactly as the function does, on the given HTTP client
     */
    public InvokePathPrimer(String table, ContextBudgetManager budget, TurnTimings timings, Function<SdkHttpClient, DynamoDbClient> dynamo,
                            Function<SdkHttpClient, ApiGatewayManagementApiClient> connections, Function<SdkHttpClient, KinesisClient> kinesis) {
        this.table = Objects.requireNonNull(table, "table");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.timings = Objects.requireNonNull(timings, "timings");
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.kinesis = Objects.requireNonNull(kinesis, "kinesis");
        Core.getGlobalContext().register(this);
    }

    /** Priming is an optimisation: whatever it throws is logged, never allowed to fail the snapshot. */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        try {
            int calls = prime();
            LOG.info("event=snapstart_primed calls={} ms={}", calls, (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("event=snapstart_priming_failed ms={} detail=\"{}\"", (System.nanoTime() - start) / 1_000_000, e.toString());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing primed holds state from before the snapshot: the twins are closed and the real clients untouched.
    }

    /** Runs the invoke path once in memory; returns how many SDK calls the twins answered. */
    public int prime() {
        primeCodecsAndBudget();
        CannedHttpClient http = new CannedHttpClient(CANNED);
        try (DynamoDbClient dynamoTwin = dynamo.apply(http); ApiGatewayManagementApiClient connectionsTwin = connections.apply(http);
             KinesisClient kinesisTwin = kinesis.apply(http)) {
            DynamoDbConversationStore store = new DynamoDbConversationStore(dynamoTwin, table, Clock.systemUTC(), Duration.ofDays(1));
            MessageAttempts attempts = new MessageAttempts(store, timings, Clock.systemUTC());
            ConversationRef conversation = new ConversationRef("snapstart-priming", "priming");
            Acceptance accepted = attempts.accept(conversation, new NewQuestion("priming-m1", "おすすめの侍漫画は？", 9, List.of(), "ja",
                    "priming=", "priming"), AttemptStage.RUNNING);
            StoredMessage message = ((Acceptance.Accepted) accepted).message();
            store.messagesFrom(conversation, 1);
            attempts.answer(message, new NewAnswer("『バガボンド』はいかがでしょう。", 12, List.of("バガボンド"), Route.OVERFLOW, 12, null, 21));
            store.usage(conversation.principal(), UsagePeriods.at(Instant.now()));
            attempts.release(message.key(), message.attempt());

            primeDelivery(new ManagementApiConnectionSink(connectionsTwin));

            new KinesisChatEventSink(kinesisTwin, "priming").write(List.of(new ChatEvent("priming-event", ChatEventType.TURN_COMPLETED,
                    "priming", "priming-m1", "snapstart-priming", Route.OVERFLOW, Instant.now(), 20, 12, 40L, 300, false, 0, null,
                    new RetrievalFigures(1, 20, RetrievalOutcome.GROUNDED))));
        }
        return http.requests();
    }

    private static void primeDelivery(ManagementApiConnectionSink sink) {
        ServerFrameCodec frames = ServerFrameCodec.withDefaults();
        try {
            sink.send("priming=", frames.encodeBytes(ReplyFrames.ack("priming-m1", 1, 1)));
            sink.send("priming=", frames.encodeBytes(new Token("priming-m1", 1, 1, "『バガボンド』")));
            sink.send("priming=", frames.encodeBytes(new Done("priming-m1", 2, 1, 2, Route.OVERFLOW, new Usage(20, 12), false, 0, true,
                    List.of(new Source("priming", "catalog", "Priming")))));
        } catch (ConnectionGoneException impossible) {
            throw new IllegalStateException("the in-memory @connections twin answered 410", impossible);
        }
    }

    private void primeCodecsAndBudget() {
        OverflowMessageCodec overflow = OverflowMessageCodec.withDefaults();
        overflow.decode(overflow.encode(new OverflowMessage("snapstart-priming", "priming", "priming-m1", 1, 1, "priming", Instant.now())));
        PromptPart query = budget.counter().part("Which volume of \"One Piece\" starts the Wano arc? ワノ国編は何巻から？");
        ModelSelection model = ModelSelector.forEndpoints("priming-small", "").select("ja", query, 1, null);
        PromptPart system = budget.counter().part(TurnPipeline.Builder.DEFAULT_SYSTEM_PROMPT);
        List<ConversationTurn> history = List.of(
                new ConversationTurn(1, Role.USER, "侍の漫画を教えて", 8, false, List.of()),
                new ConversationTurn(2, Role.ASSISTANT, "『バガボンド』がおすすめです。", 12, true, List.of("バガボンド")));
        AssembledPrompt prompt = budget.assemble(BudgetRequest.builder().systemPrompt(system).query(query).history(history)
                .outputReserve(model.maxOutputTokens()).contextWindow(model.contextWindow()).build());
        InferenceCodec inference = InferenceCodec.withDefaults();
        inference.encode(TurnPipeline.inferenceRequest("priming", model, system, query, prompt).streaming());
        inference.decodeChunk(inference.encode(new InferenceChunk.TokenChunk(0, "ワノ国編")));
        inference.decodeChunk(inference.encode(new InferenceChunk.EndChunk(FinishReason.STOP, new Usage(20, 12), false, 0, false)));
    }
}
