package com.mangaassist.localaws.ecr;

import com.mangaassist.localaws.http.LoopbackHttpServer;
import com.mangaassist.shared.runtime.DaemonThreads;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Amazon ECR's registry API on 127.0.0.1, for local releases and tests (never
 * deployed): an OCI distribution proxy in front of a plain registry (Debian's
 * {@code docker-registry}, which has no immutability) that refuses what ECR refuses, so the
 * release path cannot pass here and fail against AWS:
 * <ul>
 *   <li>a push to a repository nobody created is {@code 404 NAME_UNKNOWN} (ECR has no
 *       create-on-push; the artifacts stack creates the repositories);</li>
 *   <li>in an immutable repository, a manifest pushed to a tag that already exists is
 *       {@code 400 TAG_INVALID} — also when it is the same digest, as ECR answers (containers-roadmap
 *       #2179) — unless the tag matches one of the repository's exclusion filters
 *       ({@code IMMUTABLE_WITH_EXCLUSION}, ECR's wildcard rule);</li>
 *   <li>pushes by digest are never tag writes and always pass.</li>
 * </ul>
 * Everything else (blobs, uploads, reads, {@code docker push} and {@code docker pull}) is proxied
 * unchanged, streamed both ways. Every manifest write is recorded ({@link #manifestWrites()}) so a
 * test can count how often a tag was written.
 */
public final class EcrRegistryStandIn implements AutoCloseable {

    private static final Pattern MANIFEST = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
    private static final Pattern REPOSITORY_PATH = Pattern.compile("^/v2/(.+)/(manifests|blobs|tags)/.*$");
    /** Hop-by-hop headers and those the JDK client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "transfer-encoding", "expect", "upgrade",
            "keep-alive", "proxy-connection", "te", "trailer");

    private final URI upstream;
    private final String upstreamAuthority;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService workers = Executors.newCachedThreadPool(DaemonThreads.named("ecr-stand-in"));
    private final Map<String, TagMutability> repositories = new ConcurrentHashMap<>();
    private final Map<String, Object> tagLocks = new ConcurrentHashMap<>();
    private final List<ManifestWrite> writes = new CopyOnWriteArrayList<>();

    private EcrRegistryStandIn(String upstreamHost, int port) throws IOException {
        this.upstream = URI.create("http://" + upstreamHost);
        this.upstreamAuthority = upstreamHost;
        this.server = LoopbackHttpServer.create(port, 128);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @param upstreamHost the plain registry behind it ({@code 127.0.0.1:5000})
     * @param port         0 for a free one
     */
    public static EcrRegistryStandIn start(String upstreamHost, int port) {
        try {
            return new EcrRegistryStandIn(upstreamHost, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind the ECR stand-in on port " + port, e);
        }
    }

    /** {@code 127.0.0.1:<port>}: what {@code docker push} and the release tool take as the registry. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Creates a repository as {@code ecr create-repository} (or the artifacts stack) does; pushes to others are refused. */
    public void createRepository(String name, TagMutability mutability) {
        repositories.put(name, mutability);
    }

    /** Every manifest PUT this registry answered, in order. */
    public List<ManifestWrite> manifestWrites() {
        return List.copyOf(writes);
    }

    private void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getRawPath();
            Matcher repositoryPath = REPOSITORY_PATH.matcher(path);
            if (repositoryPath.matches() && !repositories.containsKey(repositoryPath.group(1))) {
                refuse(exchange, 404, "NAME_UNKNOWN", "The repository with name '" + repositoryPath.group(1)
                        + "' does not exist in the registry with id 'local'");
                return;
            }
            Matcher manifest = MANIFEST.matcher(path);
            if ("PUT".equals(exchange.getRequestMethod()) && manifest.matches() && !manifest.group(2).matches("[a-z0-9]+:[a-f0-9]{32,}")) {
                putTaggedManifest(exchange, manifest.group(1), manifest.group(2));
                return;
            }
            forward(exchange, status -> { });
        } catch (IOException | RuntimeException e) {
            try {
                refuse(exchange, 502, "UNKNOWN", "the registry behind the ECR stand-in failed: " + e.getMessage());
            } catch (IOException | RuntimeException ignored) {
                // the response was already under way: the client sees it broken
            }
        } finally {
            exchange.close();
        }
    }

    /** One tag write at a time per repository tag, so two racing pushes cannot both see "absent". */
    private void putTaggedManifest(HttpExchange exchange, String repository, String tag) throws IOException {
        synchronized (tagLocks.computeIfAbsent(repository + ":" + tag, k -> new Object())) {
            TagMutability mutability = repositories.get(repository);
            if (!mutability.mayOverwrite(tag) && tagExists(repository, tag)) {
                writes.add(new ManifestWrite(repository, tag, false));
                refuse(exchange, 400, "TAG_INVALID", "The image tag '" + tag + "' already exists in the '" + repository
                        + "' repository and cannot be overwritten because the repository is immutable.");
                return;
            }
            // Recorded before the client hears the answer: a test that counts writes right after a push sees this one.
            forward(exchange, status -> writes.add(new ManifestWrite(repository, tag, status == 201)));
        }
    }

    private boolean tagExists(String repository, String tag) throws IOException {
        HttpRequest head = HttpRequest.newBuilder(upstream.resolve("/v2/" + repository + "/manifests/" + tag)).timeout(Duration.ofSeconds(30))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, "
                        + "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json").build();
        int status = send(head, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200 && status != 404) {
            // Anything but "there" or "not there" must not let an overwrite through.
            throw new IOException("the registry answered " + status + " when asked whether " + repository + ":" + tag + " exists");
        }
        return status == 200;
    }

    /** Proxies the request; {@code beforeReply} hears the registry's status before the client does. */
    private void forward(HttpExchange exchange, java.util.function.IntConsumer beforeReply) throws IOException {
        URI target = upstream.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(15));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        request.method(exchange.getRequestMethod(), body(exchange));
        HttpResponse<InputStream> response = send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        beforeReply.accept(response.statusCode());
        try (InputStream in = response.body()) {
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.equals("location")) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value.replace("//" + upstreamAuthority + "/", "//" + host() + "/")));
                } else if (!NOT_FORWARDED.contains(lower) && !lower.equals(":status")) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            if (head && length >= 0) {
                // The JDK server sends no length of its own for HEAD; docker's blob check reads this one.
                exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
            }
            if (head || length == 0 || response.statusCode() == 204) {
                exchange.sendResponseHeaders(response.statusCode(), -1);
            } else {
                exchange.sendResponseHeaders(response.statusCode(), Math.max(length, 0));
                try (OutputStream out = exchange.getResponseBody()) {
                    in.transferTo(out);
                }
            }
        }
    }

    private static HttpRequest.BodyPublisher body(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        String chunked = exchange.getRequestHeaders().getFirst("Transfer-Encoding");
        if (length != null && Long.parseLong(length) > 0) {
            return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody), Long.parseLong(length));
        }
        if (chunked != null) {
            return HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody);
        }
        return HttpRequest.BodyPublishers.noBody();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return client.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The OCI distribution error body, with ECR's codes and wording. */
    private static void refuse(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] body = ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    /** One manifest PUT to a tag: where, and whether the registry stored it. */
    public record ManifestWrite(String repository, String tag, boolean stored) {
    }
}
