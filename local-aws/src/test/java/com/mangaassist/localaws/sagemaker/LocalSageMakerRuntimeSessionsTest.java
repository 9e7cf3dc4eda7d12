package com.mangaassist.localaws.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mangaassist.localaws.LocalAwsClients;
import com.mangaassist.shared.wire.inference.StatefulSessions;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;

/**
 * Stateful sessions through the local runtime, with the AWS SDK v2 clients: a session opened with
 * {@code NEW_SESSION} pins every request that names it to the instance that opened it, as SageMaker
 * does, until it is closed or its instance leaves service; what SageMaker refuses is refused.
 */
class LocalSageMakerRuntimeSessionsTest {

    private static SessionContainer first;
    private static SessionContainer second;
    private static LocalSageMakerRuntime runtime;
    private static SageMakerRuntimeClient sync;
    private static SageMakerRuntimeAsyncClient async;

    @BeforeAll
    static void start() throws IOException {
        first = new SessionContainer("a");
        second = new SessionContainer("b");
        runtime = LocalSageMakerRuntime.start(0, Map.of("mangaassist-small", List.of(first.base(), second.base())), Duration.ofMillis(50));
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.readyInstances("mangaassist-small") == 2);
        sync = LocalAwsClients.local(SageMakerRuntimeClient.builder(), runtime.endpoint()).build();
        async = LocalAwsClients.local(SageMakerRuntimeAsyncClient.builder(), runtime.endpoint()).build();
    }

    @AfterAll
    static void stop() {
        sync.close();
        async.close();
        runtime.close();
        first.close();
        second.close();
    }

    private static InvokeEndpointResponse invoke(String session, String body) {
        return sync.invokeEndpoint(r -> r.endpointName("mangaassist-small").sessionId(session).contentType("application/json")
                .body(SdkBytes.fromUtf8String(body)));
    }

    private static StatefulSessions.Opened open() {
        return StatefulSessions.parseNewSession(invoke(StatefulSessions.NEW_SESSION, StatefulSessions.NEW_SESSION_BODY).newSessionId());
    }

    private static SessionContainer holder(StatefulSessions.Opened session) {
        return session.id().startsWith(first.name) ? first : second;
    }

    @Test
    void invokeEndpoint_namingAnOpenSession_alwaysReachesTheInstanceThatOpenedIt() throws Exception {
        StatefulSessions.Opened session = open();
        SessionContainer holder = holder(session);
        SessionContainer other = holder == first ? second : first;
        int before = other.inSession.get();

        for (int i = 0; i < 10; i++) {
            assertThat(invoke(session.id(), "{\"query\":\"turn " + i + "\"}").body().asUtf8String()).contains("from " + holder.name);
        }
        // The streaming call names it too, and goes to the same instance.
        StringBuilder streamed = new StringBuilder();
        InvokeEndpointWithResponseStreamResponseHandler handler = InvokeEndpointWithResponseStreamResponseHandler.builder()
                .subscriber(InvokeEndpointWithResponseStreamResponseHandler.Visitor.builder()
                        .onPayloadPart(part -> streamed.append(part.bytes().asUtf8String())).build()).build();
        async.invokeEndpointWithResponseStream(r -> r.endpointName("mangaassist-small").sessionId(session.id()).contentType("application/json")
                .body(SdkBytes.fromUtf8String("{\"stream\":true}")), handler).get(10, TimeUnit.SECONDS);

        assertThat(streamed.toString()).contains("from " + holder.name);
        assertThat(other.inSession.get()).isEqualTo(before);
        assertThat(session.expires()).isAfter(Instant.now());
    }

    @Test
    void invokeEndpoint_namingASessionNobodyOpened_isRefusedWithoutReachingAContainer() {
        int before = first.invocations.get() + second.invocations.get();

        assertThatThrownBy(() -> invoke("never-opened-1", "{\"query\":\"hi\"}")).isInstanceOfSatisfying(SageMakerRuntimeException.class,
                e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(first.invocations.get() + second.invocations.get()).isEqualTo(before);
    }

    @Test
    void invokeEndpointWithResponseStream_askingForANewSession_isRefused() {
        InvokeEndpointWithResponseStreamResponseHandler handler = InvokeEndpointWithResponseStreamResponseHandler.builder()
                .subscriber(InvokeEndpointWithResponseStreamResponseHandler.Visitor.builder().build()).build();

        assertThatThrownBy(() -> async.invokeEndpointWithResponseStream(r -> r.endpointName("mangaassist-small")
                .sessionId(StatefulSessions.NEW_SESSION).contentType("application/json").body(SdkBytes.fromUtf8String("{\"stream\":true}")),
                handler).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SageMakerRuntimeException.class);
    }

    @Test
    void invokeEndpoint_closingASession_returnsItsIdAndStopsRoutingIt() {
        StatefulSessions.Opened session = open();

        InvokeEndpointResponse closed = invoke(session.id(), StatefulSessions.CLOSE_BODY);

        assertThat(closed.closedSessionId()).isEqualTo(session.id());
        assertThatThrownBy(() -> invoke(session.id(), "{\"query\":\"after close\"}"))
                .isInstanceOfSatisfying(SageMakerRuntimeException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    }

    @Test
    void invokeEndpoint_whenTheSessionsInstanceLeavesService_refusesTheSessionAndNewSessionsGoToTheOther() {
        StatefulSessions.Opened session = open();
        SessionContainer holder = holder(session);
        holder.ready = false;
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.readyInstances("mangaassist-small") == 1);

            assertThatThrownBy(() -> invoke(session.id(), "{\"query\":\"hi\"}"))
                    .isInstanceOfSatisfying(SageMakerRuntimeException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
            assertThat(holder(open())).isNotSameAs(holder);
        } finally {
            holder.ready = true;
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.readyInstances("mangaassist-small") == 2);
        }
    }

    /** A container that keeps sessions as the gpu-endpoint does, naming itself in every answer. */
    private static final class SessionContainer implements AutoCloseable {
        private final String name;
        private final HttpServer server;
        private final AtomicInteger invocations = new AtomicInteger();
        private final AtomicInteger inSession = new AtomicInteger();
        private final AtomicInteger opened = new AtomicInteger();
        private volatile boolean ready = true;

        SessionContainer(String name) throws IOException {
            this.name = name;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/ping", exchange -> respond(exchange, ready ? 200 : 503, "{}"));
            server.createContext("/invocations", this::invoke);
            server.start();
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        private void invoke(HttpExchange exchange) throws IOException {
            invocations.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String session = exchange.getRequestHeaders().getFirst(StatefulSessions.SESSION_HEADER);
            if (StatefulSessions.NEW_SESSION.equals(session)) {
                String id = name + "-session-" + opened.incrementAndGet();
                exchange.getResponseHeaders().set(StatefulSessions.NEW_SESSION_HEADER,
                        StatefulSessions.newSessionHeader(id, Instant.now().plus(Duration.ofMinutes(20))));
                respond(exchange, 200, "{\"sessionId\":\"" + id + "\"}");
                return;
            }
            if (session != null && body.contains("CLOSE")) {
                exchange.getResponseHeaders().set(StatefulSessions.CLOSED_SESSION_HEADER, session);
                respond(exchange, 200, "{}");
                return;
            }
            if (session != null) {
                inSession.incrementAndGet();
            }
            if (body.contains("\"stream\":true")) {
                exchange.getResponseHeaders().set("Content-Type", "application/jsonlines");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(("{\"token\":\"from " + name + "\"}\n").getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            respond(exchange, 200, "{\"text\":\"from " + name + "\"}");
        }

        private static void respond(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
