package com.mangaassist.knowledge.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * OpenSearch's REST API over the JDK's HTTP client: JSON in, JSON out, every request body built
 * as a Jackson tree (a user's words only ever travel as a JSON string value, never spliced into a
 * query, so query-DSL injection through message text is impossible by construction). An error
 * answer becomes a {@link SearchEngineException} with the status and OpenSearch's reason.
 */
public final class OpenSearchClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final HttpClient http;
    private final Duration timeout;
    private final RequestSigner signer;

    /** A client of a node that takes unsigned requests (local runs, tests, an ingest against a local node). */
    public OpenSearchClient(URI endpoint, Duration timeout) {
        this(endpoint, timeout, RequestSigner.UNSIGNED);
    }

    public OpenSearchClient(URI endpoint, Duration timeout, RequestSigner signer) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.signer = Objects.requireNonNull(signer, "signer");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The answer to {@code method path} with {@code body} (may be null); a 404 is empty. */
    public Optional<JsonNode> send(String method, String path, JsonNode body) {
        HttpResponse<byte[]> response = exchange(method, path, body == null ? null : bytes(body), "application/json", timeout);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(method, path, response));
    }

    /**
     * A {@code _bulk} request into {@code index}, named in the path and never in the lines (the AWS
     * domain sets {@code rest.action.multi.allow_explicit_index=false}); any item's failure is an
     * exception naming it.
     */
    public JsonNode bulk(String index, String ndjson) {
        HttpResponse<byte[]> response = exchange("POST", "/" + index + "/_bulk?refresh=false", ndjson.getBytes(StandardCharsets.UTF_8),
                "application/x-ndjson", timeout.multipliedBy(10));
        JsonNode answer = parse("POST", "/_bulk", response);
        if (answer.path("errors").asBoolean(false)) {
            for (JsonNode item : answer.path("items")) {
                JsonNode result = item.elements().next();
                if (result.has("error")) {
                    throw new SearchEngineException(result.path("status").asInt(), "bulk item " + result.path("_id").asText() + " failed: "
                            + result.path("error").path("reason").asText(result.path("error").toString()));
                }
            }
        }
        return answer;
    }

    /** Several searches of {@code index} in one round trip ({@code _msearch}); one failed search is an exception naming it. */
    public List<JsonNode> multiSearch(String index, List<? extends JsonNode> bodies) {
        StringBuilder ndjson = new StringBuilder();
        for (JsonNode body : bodies) {
            ndjson.append("{}\n").append(body).append('\n');
        }
        HttpResponse<byte[]> response = exchange("POST", "/" + index + "/_msearch", ndjson.toString().getBytes(StandardCharsets.UTF_8),
                "application/x-ndjson", timeout);
        if (response.statusCode() == 404) {
            throw new SearchEngineException(404, "no index " + index);
        }
        JsonNode answer = parse("POST", "/" + index + "/_msearch", response);
        List<JsonNode> results = new ArrayList<>();
        for (JsonNode result : answer.path("responses")) {
            if (result.has("error")) {
                throw new SearchEngineException(result.path("status").asInt(), "search " + results.size() + " of " + bodies.size() + " failed: "
                        + result.path("error").path("reason").asText(result.path("error").toString()));
            }
            results.add(result);
        }
        return results;
    }

    private JsonNode parse(String method, String path, HttpResponse<byte[]> response) {
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SearchEngineException(response.statusCode(), method + " " + path + " answered something that is not JSON");
        }
        if (response.statusCode() >= 300) {
            JsonNode error = answer.path("error");
            String reason = error.isTextual() ? error.asText() : error.path("reason").asText(answer.toString());
            throw new SearchEngineException(response.statusCode(), method + " " + path + ": " + reason);
        }
        return answer;
    }

    private HttpResponse<byte[]> exchange(String method, String path, byte[] body, String contentType, Duration limit) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(limit)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        signer.headers(method, endpoint.resolve(path), body == null ? null : contentType, body == null ? new byte[0] : body).forEach((name, value) -> {
            // The JDK's client writes Host and Content-Length itself (from the URI and the body a signer signed too) and refuses them as
            // headers; Content-Type is set above, to the value the signer signed: a second one is refused by OpenSearch (400).
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("content-type")) {
                request.header(name, value);
            }
        });
        HttpRequest built = request.build();
        try {
            try {
                return http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpTimeoutException e) {
                throw e;
            } catch (IOException e) {
                // Once, on a fresh connection: a pooled one may have died under us (an idle timeout, a Lambda restored from
                // its snapshot). Every request this client makes is safe to repeat (reads, and writes of documents by id).
                return http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            }
        } catch (IOException e) {
            throw new SearchEngineException(0, "search engine at " + endpoint + " unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SearchEngineException(0, "interrupted talking to the search engine");
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
