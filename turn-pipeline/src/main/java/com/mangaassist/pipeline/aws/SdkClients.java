package com.mangaassist.pipeline.aws;

import com.mangaassist.pipeline.assembly.AwsSettings;
import com.mangaassist.pipeline.inference.SageMakerInferenceClient;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;

/**
 * How a process builds its SDK clients, for both compute paths: the region and credentials
 * ({@link AwsClientDefaults}), an emulator endpoint where one is set, each service's
 * {@link CallLimits}, and the process's HTTP client. Both paths bound an attempt the same way,
 * with the HTTP client's socket timeout (a server silent that long fails the attempt; the SDK's
 * per-call timers are not used, ADR 0024). What differs is only which HTTP client: a Fargate task
 * pools connections for its concurrent turns, a Lambda uses the JDK's URL connection (no pool
 * threads, the fastest to initialize, nothing to restore after a SnapStart snapshot).
 */
public final class SdkClients {

    /** Makes the process's HTTP client for one service, its socket timeout that service's attempt bound. */
    @FunctionalInterface
    public interface HttpClients {
        SdkHttpClient withAttemptTimeout(Duration attemptTimeout);
    }

    /** How long any of the process's clients waits to open a connection (or, streaming, to get one from the pool). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** GPU streams one Lambda environment may hold at once (a batch's turns run in parallel). */
    private static final int LAMBDA_STREAMS = 64;

    private final AwsClientDefaults defaults;
    private final AwsSettings.Endpoints endpoints;
    private final HttpClients http;
    private final int streams;
    private final AwsCallCounter calls;

    private SdkClients(AwsClientDefaults defaults, AwsSettings.Endpoints endpoints, HttpClients http, int streams, AwsCallCounter calls) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.http = Objects.requireNonNull(http, "http");
        this.streams = streams;
        this.calls = calls;
    }

    /**
     * A Fargate task's clients.
     *
     * @param pooledHttp the task's pooled HTTP client, sized by {@link #connectionsFor}
     * @param calls      counts every call by service and operation
     */
    public static SdkClients fargate(AwsSettings aws, HttpClients pooledHttp, int turnCapacity, AwsCallCounter calls) {
        return new SdkClients(new AwsClientDefaults(aws), aws.endpoints(), pooledHttp, connectionsFor(turnCapacity), Objects.requireNonNull(calls, "calls"));
    }

    /**
     * A Lambda execution environment's clients.
     *
     * @param leanHttp the JDK's URL connection client (the function brings it; a task never loads it)
     */
    public static SdkClients lambda(AwsSettings aws, HttpClients leanHttp) {
        return new SdkClients(new AwsClientDefaults(aws), aws.endpoints(), leanHttp, LAMBDA_STREAMS, null);
    }

    /** Connections a task's pool holds per service: one per running turn, with headroom for control calls. */
    public static int connectionsFor(int turnCapacity) {
        return Math.max(16, turnCapacity * 2);
    }

    /** The same clients signing with other credentials (SnapStart priming's twins never resolve the function's own). */
    public SdkClients withCredentials(AwsCredentialsProvider credentials) {
        return new SdkClients(defaults.withCredentials(credentials), endpoints, http, streams, calls);
    }

    public AwsClientDefaults defaults() {
        return defaults;
    }

    public AwsSettings.Endpoints endpoints() {
        return endpoints;
    }

    public DynamoDbClient dynamo() {
        return sync(DynamoDbClient.builder(), endpoints.dynamodb(), CallLimits.DYNAMODB).build();
    }

    /** On a given HTTP client (SnapStart priming's canned one): the same endpoint, credentials and retries. */
    public DynamoDbClient dynamo(SdkHttpClient on) {
        return sync(DynamoDbClient.builder(), endpoints.dynamodb(), CallLimits.DYNAMODB, on).build();
    }

    public KinesisClient kinesis() {
        return sync(KinesisClient.builder(), endpoints.kinesis(), CallLimits.KINESIS).build();
    }

    public KinesisClient kinesis(SdkHttpClient on) {
        return sync(KinesisClient.builder(), endpoints.kinesis(), CallLimits.KINESIS, on).build();
    }

    /** @param connectionsEndpoint always explicit: the stage's {@code https://{api}.execute-api.{region}.amazonaws.com/{stage}} */
    public ApiGatewayManagementApiClient connections(String connectionsEndpoint) {
        return sync(ApiGatewayManagementApiClient.builder(), connectionsEndpoint, CallLimits.CONNECTIONS).build();
    }

    public ApiGatewayManagementApiClient connections(String connectionsEndpoint, SdkHttpClient on) {
        return sync(ApiGatewayManagementApiClient.builder(), connectionsEndpoint, CallLimits.CONNECTIONS, on).build();
    }

    /**
     * The streaming GPU client: Netty (the only SDK HTTP client that streams a response), with the
     * inference client's own timeouts and retries ({@link SageMakerInferenceClient#configure}).
     */
    public SageMakerRuntimeAsyncClient sageMakerRuntime() {
        NettyNioAsyncHttpClient.Builder netty = NettyNioAsyncHttpClient.builder().maxConcurrency(streams).connectionAcquisitionTimeout(CONNECT_TIMEOUT);
        return counted(defaults.configure(SageMakerInferenceClient.configure(SageMakerRuntimeAsyncClient.builder()), endpoints.sagemakerRuntime())
                .httpClientBuilder(netty)).build();
    }

    /** Any other service's client (SQS, Secrets Manager): its endpoint, {@code limits} and this process's HTTP client. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B sync(B builder, String endpoint, CallLimits limits) {
        return sync(builder, endpoint, limits, http.withAttemptTimeout(limits.attemptTimeout()));
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B sync(B builder, String endpoint, CallLimits limits, SdkHttpClient on) {
        B configured = defaults.configure(builder, endpoint).httpClient(on)
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(limits.attempts())));
        return counted(configured);
    }

    private <B extends SdkClientBuilder<B, ?>> B counted(B builder) {
        return calls == null ? builder : calls.addTo(builder);
    }
}
