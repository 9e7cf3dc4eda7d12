package com.mangaassist.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mangaassist.shared.wire.gateway.GatewayHeaders;
import com.mangaassist.localaws.LocalAwsClients;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/** The local gateway against a recording integration backend, a real WebSocket client and the AWS SDK's management client. */
class LocalApiGatewayTest {

    /** One integration call as the backend received it. */
    record Call(String path, String connectionId, String principal, String routeKey, String originProof, String body) {
    }

    /** What this gateway's stage maps as its origin proof (ADR 0027). */
    private static final String ORIGIN_PROOF = "local-gateway-test-origin-proof";

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectStatus = new AtomicInteger(200);
    private final AtomicInteger defaultStatus = new AtomicInteger(202);
    private final AtomicInteger readyStatus = new AtomicInteger(200);
    /** What the backend answers $default with (the two-way route returns it to the client). */
    private final java.util.concurrent.atomic.AtomicReference<String> defaultBody = new java.util.concurrent.atomic.AtomicReference<>("");
    private HttpServer backend;
    private LocalApiGateway gateway;
    private ApiGatewayManagementApiClient management;

    @BeforeEach
    void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/gateway/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            calls.add(new Call(path, exchange.getRequestHeaders().getFirst(GatewayHeaders.CONNECTION_ID),
                    exchange.getRequestHeaders().getFirst(GatewayHeaders.PRINCIPAL), exchange.getRequestHeaders().getFirst(GatewayHeaders.ROUTE_KEY),
                    exchange.getRequestHeaders().getFirst(GatewayHeaders.ORIGIN_PROOF),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            int status = path.endsWith("/connect") ? connectStatus.get() : path.endsWith("/default") ? defaultStatus.get() : 200;
            byte[] body = path.endsWith("/default") ? defaultBody.get().getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.createContext("/ready", exchange -> {
            exchange.sendResponseHeaders(readyStatus.get(), -1);
            exchange.close();
        });
        backend.start();
        gateway = LocalApiGateway.start(0, URI.create("http://127.0.0.1:" + backend.getAddress().getPort()),
                GatewayLimits.apiGateway().withIdleTimeout(Duration.ofSeconds(2)), ORIGIN_PROOF);
        management = LocalAwsClients.local(ApiGatewayManagementApiClient.builder(), gateway.managementEndpoint())
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        management.close();
        gateway.close();
        backend.stop(0);
    }

    @Test
    void health_whenTheTargetIsReadyAndEveryServiceUp_isUp() throws Exception {
        gateway.reportServices(() -> Map.of("orchestrator task 1", "up"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(health()).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"status\":\"UP\"", "\"ready\"", "\"orchestrator task 1\":\"up\"");
        }));
    }

    @Test
    void health_whenAServiceIsBeingReplaced_isDownAndNamesIt() throws Exception {
        gateway.reportServices(() -> Map.of("orchestrator task 1", "replacing (was killed by signal 9 (exit 137))"));

        assertThat(health()).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("\"status\":\"DOWN\"", "was killed by signal 9");
        });
    }

    @Test
    void health_whenNoTargetIsReady_isDown() throws Exception {
        readyStatus.set(503);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(health()).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("\"not ready\"");
        }));
    }

    private HttpResponse<String> health() throws Exception {
        return HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(gateway.chatUrl().resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Collects text messages and the close code. */
    static final class Recorder implements WebSocket.Listener {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    private WebSocket open(String token, Recorder recorder) {
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(gateway.webSocketUri(token), recorder).join();
    }

    private String connectedId() {
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.stream().anyMatch(c -> c.path().endsWith("/connect")));
        return calls.stream().filter(c -> c.path().endsWith("/connect")).reduce((a, b) -> b).orElseThrow().connectionId();
    }

    @Test
    void connect_withoutAValidToken_isRefusedWith401AndNoIntegrationCall() {
        assertThatThrownBy(() -> open("not-a-dev-token", new Recorder())).cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
        assertThat(calls).isEmpty();
    }

    @Test
    void connect_whenTheBackendRefuses_isRefusedWith403() {
        connectStatus.set(401);

        assertThatThrownBy(() -> open("dev-alice", new Recorder())).cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
        assertThat(calls).singleElement().satisfies(c -> assertThat(c.principal()).isEqualTo("alice"));
    }

    @Test
    void message_isPostedToTheDefaultIntegrationWithTheConnectionAndPrincipal() {
        WebSocket socket = open("dev-alice", new Recorder());
        String id = connectedId();

        socket.sendText("{\"action\":\"sendMessage\",\"text\":\"hi\"}", true).join();

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.stream().anyMatch(c -> c.path().endsWith("/default")));
        assertThat(calls).filteredOn(c -> c.path().endsWith("/default")).singleElement()
                .isEqualTo(new Call("/gateway/default", id, "alice", "$default", ORIGIN_PROOF, "{\"action\":\"sendMessage\",\"text\":\"hi\"}"));
    }

    @Test
    void everyRoute_whenCalled_carriesTheStagesOriginProof() {
        WebSocket socket = open("dev-alice", new Recorder());
        String id = connectedId();
        socket.sendText("{\"action\":\"ping\"}", true).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.stream().anyMatch(c -> c.path().endsWith("/default")));

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.stream().anyMatch(c -> c.path().endsWith("/disconnect") && c.connectionId().equals(id)));
        assertThat(calls).extracting(Call::path).contains("/gateway/connect", "/gateway/default", "/gateway/disconnect");
        assertThat(calls).allSatisfy(call -> assertThat(call.originProof()).isEqualTo(ORIGIN_PROOF));
    }

    @Test
    void message_whenTheIntegrationAnswersWithABody_theClientGetsItAsAMessage() {
        defaultBody.set("{\"type\":\"ack\",\"messageId\":\"m1\"}");
        Recorder recorder = new Recorder();
        WebSocket socket = open("dev-alice", recorder);
        connectedId();

        socket.sendText("{\"action\":\"sendMessage\",\"text\":\"hi\"}", true).join();

        await().atMost(Duration.ofSeconds(5)).until(() -> !recorder.messages.isEmpty());
        assertThat(recorder.messages).containsExactly("{\"type\":\"ack\",\"messageId\":\"m1\"}");
    }

    @Test
    void message_whenTheIntegrationAnswersWithoutABody_theClientGetsNothing() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket socket = open("dev-alice", recorder);
        connectedId();

        socket.sendText("{\"action\":\"ping\"}", true).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.stream().anyMatch(c -> c.path().endsWith("/default")));
        // A later post is the first message the client sees: nothing was sent for the empty response.
        management.postToConnection(b -> b.connectionId(connectedId()).data(SdkBytes.fromUtf8String("{\"seq\":1}")));

        await().atMost(Duration.ofSeconds(5)).until(() -> !recorder.messages.isEmpty());
        assertThat(recorder.messages).containsExactly("{\"seq\":1}");
    }

    @Test
    void managementApi_postsReachTheSocketInOrderAndGoneAfterClose() {
        Recorder recorder = new Recorder();
        WebSocket socket = open("dev-alice", recorder);
        String id = connectedId();

        for (int i = 0; i < 50; i++) {
            int n = i;
            management.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String("{\"seq\":" + n + "}")));
        }
        assertThat(management.getConnection(b -> b.connectionId(id)).identity().sourceIp()).isEqualTo("127.0.0.1");
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.messages.size() == 50);
        assertThat(recorder.messages).startsWith("{\"seq\":0}", "{\"seq\":1}").endsWith("{\"seq\":49}");

        management.deleteConnection(b -> b.connectionId(id));
        await().atMost(Duration.ofSeconds(5)).until(recorder.closed::isDone);
        assertThatThrownBy(() -> management.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String("late"))))
                .isInstanceOf(GoneException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.stream().anyMatch(c -> c.path().endsWith("/disconnect") && c.connectionId().equals(id)));
        assertThat(socket.isInputClosed()).isTrue();
    }

    @Test
    void managementApi_forAnUnknownConnection_isGone() {
        assertThatThrownBy(() -> management.postToConnection(b -> b.connectionId("bm9ib2R5aGVyZQ==").data(SdkBytes.fromUtf8String("x"))))
                .isInstanceOf(GoneException.class);
    }

    @Test
    void singleFrameOverThirtyTwoKilobytes_closesTheSocketWith1009() throws Exception {
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", gateway.port())) {
            var out = raw.getOutputStream();
            var in = raw.getInputStream();
            out.write(("GET /ws?token=dev-alice HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String handshake = readHeaders(in);
            assertThat(handshake).startsWith("HTTP/1.1 101");

            out.write(maskedTextFrame(33 * 1024));
            out.flush();

            // The server's close frame: 0x88, a length byte, then the two-byte status code.
            assertThat(in.read()).isEqualTo(0x88);
            in.read();
            assertThat((in.read() << 8) | in.read()).isEqualTo(1009);
        }
        assertThat(calls).noneMatch(c -> c.path().endsWith("/default"));
    }

    @Test
    void messageOverOneHundredTwentyEightKilobytes_closesTheSocketWith1009() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket socket = open("dev-alice", recorder);
        connectedId();

        // Sent as several frames under 32 KB each: the frames pass, the message does not.
        for (int i = 0; i < 5; i++) {
            socket.sendText("x".repeat(30 * 1024), i == 4).join();
        }

        assertThat(recorder.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1009);
        assertThat(calls).noneMatch(c -> c.path().endsWith("/default"));
    }

    private static String readHeaders(java.io.InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headers.append((char) b);
        }
        return headers.toString();
    }

    private static byte[] maskedTextFrame(int length) {
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
        frame.write(0x81);
        // 16-bit extended length (the minimal encoding for 126..65535 bytes, as RFC 6455 requires).
        frame.write(0x80 | 126);
        frame.write((length >>> 8) & 0xFF);
        frame.write(length & 0xFF);
        byte[] mask = {1, 2, 3, 4};
        frame.writeBytes(mask);
        for (int i = 0; i < length; i++) {
            frame.write('x' ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    @Test
    void idleSocket_isClosedAfterTheIdleTimeoutAndDisconnected() throws Exception {
        Recorder recorder = new Recorder();
        open("dev-alice", recorder);
        String id = connectedId();

        assertThat(recorder.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1001);
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.stream().anyMatch(c -> c.path().endsWith("/disconnect") && c.connectionId().equals(id)));
    }

    @Test
    void failedIntegration_answersTheClientWithInternalServerError() {
        defaultStatus.set(500);
        Recorder recorder = new Recorder();
        WebSocket socket = open("dev-alice", recorder);
        connectedId();

        socket.sendText("{\"action\":\"ping\"}", true).join();

        await().atMost(Duration.ofSeconds(5)).until(() -> !recorder.messages.isEmpty());
        assertThat(recorder.messages.get(0)).contains("\"message\": \"Internal server error\"");
    }

    @Test
    void chatPage_isServed() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(gateway.chatUrl()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"/chat.js\"></script>");
    }

    @Test
    void pageFiles_areServedByPlainNameOnly() throws Exception {
        assertThat(get("/chat.css").statusCode()).isEqualTo(200);
        assertThat(get("/reply-model.js").headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(get("/no-such-file.js").statusCode()).isEqualTo(404);
        assertThat(get("/page/chat.js").statusCode()).isEqualTo(404);
        assertThat(get("/..%2Fgateway%2FDevTokens.class").statusCode()).isEqualTo(404);
    }

    @Test
    void pageConfig_inDevMode_saysDevTokensAndWhereToConnect() throws Exception {
        HttpResponse<String> config = get("/config.json");

        assertThat(config.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(config.body());
        assertThat(json.get("webSocketUrl").asText()).isEqualTo("ws://127.0.0.1:" + gateway.port() + "/ws");
        assertThat(json.get("auth").toString()).isEqualTo("{\"mode\":\"dev\"}");
        assertThat(json.get("clientSilenceMs").asLong()).isPositive();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(gateway.chatUrl().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
