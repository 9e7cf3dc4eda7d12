package com.mangaassist.gpu.http;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** A gpu-endpoint on a random 127.0.0.1 port with test settings, and a plain HTTP client for it. */
public final class EndpointServer implements AutoCloseable {

    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private EndpointServer(EmbeddedServer server) {
        this.server = server;
    }

    /** Instant engine and a two-shape manifest unless {@code overrides} say otherwise. */
    public static EndpointServer start(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.host", "127.0.0.1");
        props.put("micronaut.server.port", -1);
        props.put("gpu-endpoint.simulated.load-time", "0s");
        props.put("gpu-endpoint.simulated.first-shape-cost", "0s");
        props.put("gpu-endpoint.simulated.prefill-per-token", "0s");
        props.put("gpu-endpoint.simulated.decode-per-token", "0s");
        props.put("gpu-endpoint.health.probe-interval", "1h");
        props.putAll(overrides);
        return new EndpointServer(ApplicationContext.run(EmbeddedServer.class, props, Environment.TEST));
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public <T> T bean(Class<T> type) {
        return context().getBean(type);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    public HttpClient http() {
        return http;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
