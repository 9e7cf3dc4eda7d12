package com.mangaassist.knowledge.cli;

import com.mangaassist.localaws.http.LoopbackHttpServer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Between the CLI and an OpenSearch node (or nothing): forwards each request as it came, every
 * header value included, and records its method, path, SigV4 headers and content types, so a test
 * sees what the CLI sent the engine. A node without the security plugin ignores the signature; the
 * proxy is where it can be read.
 */
final class RecordingEngineProxy implements AutoCloseable {

    /** One request as the engine received it; {@code authorization} is null when unsigned. */
    record Request(String method, String path, String authorization, String contentSha256, List<String> contentTypes) {
    }

    /** What the JDK's client writes itself and refuses as a header. */
    private static final java.util.Set<String> RESTRICTED = java.util.Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpServer server;
    private final URI upstream;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private RecordingEngineProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = LoopbackHttpServer.create(0, 16);
        server.createContext("/", this::forward);
        server.start();
    }

    /** Forwards to {@code upstream}; with null answers every request 503, as a node that is down would. */
    static RecordingEngineProxy to(URI upstream) {
        try {
            return new RecordingEngineProxy(upstream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            requests.add(new Request(exchange.getRequestMethod(), uri.getRawPath(), exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("x-amz-content-sha256"),
                    List.copyOf(exchange.getRequestHeaders().getOrDefault("Content-Type", List.of()))));
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (upstream == null) {
                answer(exchange, 503, "application/json", "{\"error\":\"down\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            // Every header and every value of it, as sent: a duplicated header must reach the node, which refuses some (Content-Type).
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse("application/json"), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
