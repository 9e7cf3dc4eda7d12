package com.mangaassist.pipeline.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.shared.grounding.Passage;
import com.mangaassist.shared.grounding.ReferenceBlock;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.inference.FinishReason;
import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;

/**
 * The turn pipeline's SageMaker client against gpu-endpoint processes behind the local SageMaker runtime: the
 * same protocol, framing and routing the orchestrator and the Lambda use locally.
 */
class SageMakerInferenceClientTest {

    private static LocalRuntimeFixture runtime;
    private static SageMakerRuntimeAsyncClient sdk;

    @BeforeAll
    static void start() {
        runtime = LocalRuntimeFixture.start();
        sdk = SageMakerInferenceClient.configure(SageMakerRuntimeAsyncClient.builder()).endpointOverride(runtime.runtimeEndpoint())
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
        runtime.close();
    }

    private static SageMakerInferenceClient client(CircuitBreaker breaker) {
        return new SageMakerInferenceClient(sdk, breaker, Duration.ofSeconds(5), Duration.ofSeconds(30), 3);
    }

    private static CircuitBreaker breaker() {
        return CircuitBreaker.of("gpu", CircuitBreakerConfig.custom().slidingWindowSize(4).minimumNumberOfCalls(3)
                .failureRateThreshold(50).waitDurationInOpenState(Duration.ofMinutes(1)).build());
    }

    /** What retrieval would hand the model for the question: the simulated engine answers from this alone. */
    private static final String REFERENCE = ReferenceBlock.render(List.of(
            new Passage("vagabond", "catalog", "Vagabond (バガボンド)", "By Takehiko Inoue. Seinen, historical samurai drama."),
            new Passage("rurouni-kenshin", "catalog", "Rurouni Kenshin (るろうに剣心)", "By Nobuhiro Watsuki. Shonen, Meiji-era swordsman.")));

    private static InferenceRequest request(String adapter) {
        return request(adapter, REFERENCE);
    }

    private static InferenceRequest request(String adapter, String ragContext) {
        return new InferenceRequest("req-1", adapter, "You are MangaAssist.", ragContext, List.of(), "a samurai sword story", null, 64, null, false);
    }

    /** No bound of the caller's own: only the client's stream timeout applies. */
    private static final Duration UNBOUNDED = Duration.ofMinutes(10);

    @Test
    void stream_whenTheCallersTimeRunsOut_failsAsOutOfTimeWithoutBlamingTheEndpoint() {
        CircuitBreaker breaker = breaker();

        assertThatThrownBy(() -> client(breaker).stream("mangaassist-small", request("chatbot-en"), t -> true, Duration.ofMillis(1)))
                .isInstanceOfSatisfying(InferenceCallException.class, e -> assertThat(e.outOfTime()).isTrue());
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).as("running out of one's own time is not the endpoint's fault").isZero();
    }

    @Test
    void openSession_thenStreamInIt_answersAndReportsTheInstancesLoad_andAfterCloseTheSessionIsRefusedAsClosed() throws Exception {
        SageMakerInferenceClient client = client(breaker());
        double[] load = {Double.NaN};
        InferenceStreamer.TokenListener listener = new InferenceStreamer.TokenListener() {
            @Override
            public boolean onToken(String text) {
                return true;
            }

            @Override
            public void onInstanceLoad(double saturation) {
                load[0] = saturation;
            }
        };

        com.mangaassist.shared.wire.inference.StatefulSessions.Opened session = client.openSession("mangaassist-small");
        InferenceChunk.EndChunk end = client.stream("mangaassist-small", session.id(), request("chatbot-en"), listener, UNBOUNDED);

        assertThat(end.usage().completionTokens()).isPositive();
        assertThat(load[0]).isBetween(0.0, 10.0);
        client.closeSession("mangaassist-small", session.id());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> client.stream("mangaassist-small", session.id(), request("chatbot-en"), t -> true, UNBOUNDED))
                        .isInstanceOfSatisfying(InferenceCallException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SESSION_CLOSED);
                            assertThat(e.afterTokens()).isFalse();
                        }));
    }

    @Test
    void stream_namingASessionNoInstanceHolds_failsAsSessionClosedWithoutBlamingTheEndpoint() {
        CircuitBreaker breaker = breaker();

        assertThatThrownBy(() -> client(breaker).stream("mangaassist-small", "never-opened-7", request("chatbot-en"), t -> true, UNBOUNDED))
                .isInstanceOfSatisfying(InferenceCallException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_CLOSED));
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void stream_deliversTokensInOrderThenTheEnd() throws Exception {
        StringBuilder text = new StringBuilder();
        int[] tokens = {0};

        InferenceChunk.EndChunk end = client(breaker()).stream("mangaassist-small", request("chatbot-en"), t -> {
            text.append(t);
            tokens[0]++;
            return true;
        }, UNBOUNDED);

        // The passages the request carried, named in the order the block gave them, each with its citation.
        assertThat(text.toString()).startsWith("From the store's catalog, you might like:")
                .containsSubsequence("Vagabond (バガボンド) [1] — By Takehiko Inoue.", "Rurouni Kenshin (るろうに剣心) [2] — By Nobuhiro Watsuki.")
                .doesNotContain("I found nothing");
        assertThat(end.usage().completionTokens()).isEqualTo(tokens[0]);
        assertThat(end.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
    }

    @Test
    void stream_whenTheRequestCarriesNoReferences_streamsTheHonestNoContextAnswerNamingNoTitle() throws Exception {
        StringBuilder text = new StringBuilder();

        InferenceChunk.EndChunk end = client(breaker()).stream("mangaassist-small", request("chatbot-en", null), t -> {
            text.append(t);
            return true;
        }, UNBOUNDED);

        assertThat(text.toString()).startsWith("I found nothing in the store's catalog or policies for that question")
                .doesNotContain("Vagabond", "[1]");
        assertThat(end.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
    }

    @Test
    void stream_reportsTheEndpointsSaturationFromItsCustomAttributes() throws Exception {
        java.util.List<Double> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        SageMakerInferenceClient client = new SageMakerInferenceClient(sdk, breaker(), Duration.ofSeconds(5), Duration.ofSeconds(30), 3, seen::add);

        client.stream("mangaassist-small", request("chatbot-en"), t -> true, UNBOUNDED);

        // The simulated engine counts this very request as running when the answer starts.
        assertThat(seen).singleElement().satisfies(saturation -> assertThat(saturation).isGreaterThan(0.0).isLessThanOrEqualTo(1.0));
    }

    @Test
    void stream_whenTheListenerStops_endsCancelled() throws Exception {
        int[] seen = {0};

        InferenceChunk.EndChunk end = client(breaker()).stream("mangaassist-small", request("chatbot-en"), t -> ++seen[0] < 3, UNBOUNDED);

        assertThat(end.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(seen[0]).isEqualTo(3);
    }

    @Test
    void stream_whenTheContainerRejectsTheRequest_failsWithItsCodeWithoutRetrying() {
        CircuitBreaker breaker = breaker();

        assertThatThrownBy(() -> client(breaker).stream("mangaassist-small", request("chatbot-fr"), t -> true, UNBOUNDED))
                .isInstanceOfSatisfying(InferenceCallException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
                    assertThat(e.afterTokens()).isFalse();
                });
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).as("a bad request says nothing about the endpoint's health").isZero();
    }

    @Test
    void stream_whenNoInstanceIsReady_retriesThenOpensTheBreakerAndFailsFast() {
        CircuitBreaker breaker = breaker();
        SageMakerInferenceClient client = client(breaker);

        assertThatThrownBy(() -> client.stream("cold-only", request("chatbot-en"), t -> true, UNBOUNDED))
                .isInstanceOfSatisfying(InferenceCallException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE));
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(3);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> client.stream("mangaassist-small", request("chatbot-en"), t -> true, UNBOUNDED))
                .hasMessageContaining("circuit is open");
    }
}
