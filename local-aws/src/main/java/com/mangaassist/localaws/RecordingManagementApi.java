package com.mangaassist.localaws;

import com.mangaassist.localaws.http.LoopbackHttpServer;
import com.mangaassist.shared.runtime.DaemonThreads;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BiPredicate;

/**
 * API Gateway's {@code @connections} management API on 127.0.0.1, recording every frame posted:
 * {@code POST /{stage}/@connections/{id}} records and answers 200, or 410 GoneException for a
 * connection marked gone; {@code DELETE} closes a connection. The AWS SDK's
 * ApiGatewayManagementApiClient works against {@link #endpoint()} unchanged.
 */
public final class RecordingManagementApi implements AutoCloseable {

    /** One frame as posted. */
    public record Post(String connectionId, String body) {
    }

    private static final String STAGE = "/local";

    private final HttpServer server;
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private volatile BiPredicate<String, String> goneAfter = (connectionId, body) -> false;

    private RecordingManagementApi(HttpServer server) {
        this.server = server;
    }

    public static RecordingManagementApi start() {
        try {
            HttpServer server = LoopbackHttpServer.create(0, 0);
            RecordingManagementApi api = new RecordingManagementApi(server);
            server.createContext(STAGE + "/@connections/", api::handle);
            server.setExecutor(Executors.newCachedThreadPool(DaemonThreads.named("recording-management-api")));
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stage URL an ApiGatewayManagementApiClient's endpoint override takes. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + STAGE);
    }

    /** From now on, posts to this connection answer 410 Gone. */
    public void markGone(String connectionId) {
        gone.add(connectionId);
    }

    /** The connection goes away right after the first post whose body matches (that post is recorded). */
    public void goneAfter(BiPredicate<String, String> trigger) {
        goneAfter = trigger;
    }

    /**
     * Records a frame the client got as an integration's response (API Gateway's two-way route
     * returns it to the client), in order with the frames posted: what a test that plays API
     * Gateway calls with a {@code $default} response body.
     */
    public void routeResponse(String connectionId, String body) {
        if (!gone.contains(connectionId)) {
            posts.add(new Post(connectionId, body));
        }
    }

    public List<String> bodiesFor(String connectionId) {
        List<String> bodies = new ArrayList<>();
        for (Post post : posts) {
            if (post.connectionId().equals(connectionId)) {
                bodies.add(post.body());
            }
        }
        return bodies;
    }

    public void clear() {
        posts.clear();
        gone.clear();
        goneAfter = (connectionId, body) -> false;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String raw = exchange.getRequestURI().getRawPath();
            String connectionId = URLDecoder.decode(raw.substring(raw.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (gone.contains(connectionId)) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "GoneException");
                respond(exchange, 410, "{\"message\":\"Gone\"}");
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "POST" -> {
                    String text = new String(body, StandardCharsets.UTF_8);
                    posts.add(new Post(connectionId, text));
                    if (goneAfter.test(connectionId, text)) {
                        gone.add(connectionId);
                    }
                    respond(exchange, 200, "");
                }
                case "DELETE" -> {
                    gone.add(connectionId);
                    respond(exchange, 204, null);
                }
                default -> respond(exchange, 200, "{\"ConnectedAt\":\"2026-01-01T00:00:00Z\"}");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
