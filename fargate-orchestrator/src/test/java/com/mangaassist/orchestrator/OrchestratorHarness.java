package com.mangaassist.orchestrator;

import static org.awaitility.Awaitility.await;

import com.mangaassist.localaws.LocalAwsStack;
import com.mangaassist.localaws.sagemaker.SimulatedGpuFleet;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.wire.gateway.GatewayHeaders;
import com.mangaassist.shared.wire.server.Done;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The orchestrator on a loopback port, wired to the emulators and a simulated GPU fleet, and a
 * stand-in for API Gateway's integration calls: what the gateway would POST per WebSocket route.
 */
final class OrchestratorHarness implements AutoCloseable {

    private static final ServerFrameCodec FRAMES = ServerFrameCodec.withDefaults();
    /** What the harness's integration calls carry as API Gateway's origin proof, unless a test presents another. */
    static final String ORIGIN_PROOF = "harness-origin-proof-0f3c9a1e";

    final LocalAwsStack aws;
    final EmbeddedServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private OrchestratorHarness(LocalAwsStack aws, EmbeddedServer server) {
        this.aws = aws;
        this.server = server;
    }

    static OrchestratorHarness start(LocalAwsStack aws, SimulatedGpuFleet gpu, Map<String, Object> overrides) {
        return start(aws, gpu, overrides, Environment.TEST);
    }

    /** @param environments the Micronaut environments, for tests that replace beans in one of their own */
    static OrchestratorHarness start(LocalAwsStack aws, SimulatedGpuFleet gpu, Map<String, Object> overrides, String... environments) {
        Map<String, Object> props = new HashMap<>(aws.serviceProperties());
        props.put("micronaut.server.host", "127.0.0.1");
        props.put("micronaut.server.port", -1);
        props.put("aws.endpoints.sagemaker-runtime", gpu.runtimeEndpoint());
        props.put("orchestrator.capacity", 8);
        props.put("orchestrator.rate.messages-per-second", 100);
        props.put("orchestrator.rate.burst", 100);
        // These tests send many messages of one caller at once to test other things; the caller's cap has its own tests.
        props.put(SettingNames.PRINCIPAL_TURNS_IN_FLIGHT, 100);
        if (!overrides.containsKey(SettingNames.ORIGIN_PROOF_SECRET_ARN)) {
            props.put(SettingNames.ORIGIN_PROOF, ORIGIN_PROOF);
        }
        props.putAll(overrides);
        return new OrchestratorHarness(aws, ApplicationContext.run(EmbeddedServer.class, props, environments));
    }

    <T> T bean(Class<T> type) {
        return server.getApplicationContext().getBean(type);
    }

    static String newConversation() {
        return "c-" + UUID.randomUUID();
    }

    static String newConnection() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "=";
    }

    HttpResponse<String> connect(String connectionId, String principal) {
        return post("/gateway/connect", connectionId, principal, "", ORIGIN_PROOF);
    }

    /** A {@code $connect} call carrying {@code originProof} ({@code null}: no proof header). */
    HttpResponse<String> connect(String connectionId, String principal, String originProof) {
        return post("/gateway/connect", connectionId, principal, "", originProof);
    }

    /** As API Gateway's two-way {@code $default} route: a successful response's body reaches the client as a frame. */
    HttpResponse<String> frame(String connectionId, String principal, String body) {
        return frame(connectionId, principal, body, ORIGIN_PROOF);
    }

    /** A {@code $default} frame carrying {@code originProof} ({@code null}: no proof header). */
    HttpResponse<String> frame(String connectionId, String principal, String body, String originProof) {
        HttpResponse<String> response = post("/gateway/default", connectionId, principal, body, originProof);
        if (response.statusCode() / 100 == 2 && !response.body().isEmpty()) {
            aws.connections().routeResponse(connectionId, response.body());
        }
        return response;
    }

    HttpResponse<String> sendMessage(String connectionId, String principal, String conversationId, String messageId, String text) {
        return sendMessage(connectionId, principal, conversationId, messageId, text, ORIGIN_PROOF);
    }

    HttpResponse<String> sendMessage(String connectionId, String principal, String conversationId, String messageId, String text,
                                     String originProof) {
        return frame(connectionId, principal, "{\"action\":\"sendMessage\",\"conversationId\":\"" + conversationId + "\",\"messageId\":\""
                + messageId + "\",\"text\":" + json(text) + ",\"locale\":\"en\"}", originProof);
    }

    HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> post(String path, String connectionId, String principal, String body, String originProof) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header(GatewayHeaders.CONNECTION_ID, connectionId)
                .header(GatewayHeaders.REQUEST_ID, UUID.randomUUID().toString());
        if (principal != null) {
            request.header(GatewayHeaders.PRINCIPAL, principal);
        }
        if (originProof != null) {
            request.header(GatewayHeaders.ORIGIN_PROOF, originProof);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    /** Every frame posted to the connection so far, decoded. */
    List<ServerFrame> frames(String connectionId) {
        return aws.connections().bodiesFor(connectionId).stream().map(body -> FRAMES.decode(body).value()).toList();
    }

    /** The frames of one message once it ended with done or error. */
    List<ServerFrame> awaitEnd(String connectionId, String messageId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> frames(connectionId).stream().anyMatch(f -> ends(f, messageId)));
        return frames(connectionId).stream().filter(f -> messageId.equals(f.messageId())).toList();
    }

    static boolean ends(ServerFrame frame, String messageId) {
        return (frame instanceof Done done && done.messageId().equals(messageId))
                || (frame instanceof ErrorFrame error && messageId.equals(error.messageId()));
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
