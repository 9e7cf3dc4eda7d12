package com.mangaassist.localaws.sagemaker;

import com.mangaassist.localaws.http.LoopbackHttpServer;
import com.mangaassist.shared.runtime.DaemonThreads;
import com.mangaassist.shared.wire.inference.StatefulSessions;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SageMaker runtime API on 127.0.0.1, for local runs and tests (never deployed):
 * {@code InvokeEndpoint} and {@code InvokeEndpointWithResponseStream} on the paths and with the
 * framing the AWS SDK v2 expects, so {@code SageMakerRuntimeClient} and
 * {@code SageMakerRuntimeAsyncClient} with an endpoint override work unchanged. Requests go to
 * ready instances only, least outstanding first (see {@link RuntimeRoutes}); a container error
 * becomes SageMaker's {@code ModelError} (424) with the original status and body; a container
 * stream that breaks ends with a {@code ModelStreamError} event. {@code GET /endpoints/{name}}
 * stands in for DescribeEndpoint's status, so launchers wait on the runtime's view of readiness
 * (routing follows its own poll of {@code /ping}, not the instance's).
 *
 * <p>Stateful sessions as SageMaker documents them ({@link StatefulSessions}): {@code SessionId}
 * travels as the {@value StatefulSessions#SESSION_HEADER} header; {@code NEW_SESSION} goes to the
 * instance least-outstanding routing picks, and when the container answers with a new session's id
 * and expiry every later request naming it goes to that instance, until it expires, is closed
 * ({@value StatefulSessions#CLOSED_SESSION_HEADER}) or its instance leaves service; a request naming
 * a session the runtime does not route is refused (400 {@code ValidationError}), and
 * InvokeEndpointWithResponseStream cannot open one.
 */
public final class LocalSageMakerRuntime implements AutoCloseable {

    static final String VARIANT = "AllTraffic";
    private static final String EVENT_STREAM = "application/vnd.amazon.eventstream";
    private static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";
    private static final Pattern PATH = Pattern.compile("^/endpoints/([A-Za-z0-9-]{1,63})(/invocations|/invocations-response-stream)?$");

    private final RuntimeRoutes routes;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool(DaemonThreads.named("sagemaker-runtime"));

    private LocalSageMakerRuntime(int port, Map<String, List<URI>> endpoints, Duration pingInterval) throws IOException {
        this.routes = new RuntimeRoutes(endpoints, pingInterval);
        this.server = LoopbackHttpServer.create(port, 128);
        server.setExecutor(workers);
        server.createContext("/endpoints/", this::handle);
        server.start();
    }

    /**
     * @param port         0 for a free one
     * @param endpoints    endpoint name → its instances' base URLs (each serves {@code /ping} and {@code /invocations})
     * @param pingInterval how often every instance's {@code /ping} is polled
     */
    public static LocalSageMakerRuntime start(int port, Map<String, List<URI>> endpoints, Duration pingInterval) {
        try {
            return new LocalSageMakerRuntime(port, endpoints, pingInterval);
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind the local SageMaker runtime on port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What a SageMaker runtime client's endpoint override takes. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Instances of {@code endpoint} that currently take traffic (0 when unknown). */
    public int readyInstances(String endpoint) {
        return routes.readiness(endpoint).map(RuntimeRoutes.EndpointReadiness::ready).orElse(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            if (!path.matches()) {
                error(exchange, 404, "UnknownOperationException", "no such operation: " + exchange.getRequestURI().getPath());
                return;
            }
            String name = path.group(1);
            String operation = path.group(2);
            boolean post = "POST".equals(exchange.getRequestMethod());
            if (operation == null && "GET".equals(exchange.getRequestMethod())) {
                describeEndpoint(exchange, name);
            } else if (operation != null && post) {
                invoke(exchange, name, operation.endsWith("-stream"));
            } else {
                error(exchange, 405, "UnknownOperationException", exchange.getRequestMethod() + " is not supported here");
            }
        } catch (IOException clientWentAway) {
            // the caller closed its connection; nothing is left to answer
        }
    }

    private void describeEndpoint(HttpExchange exchange, String name) throws IOException {
        Optional<RuntimeRoutes.EndpointReadiness> readiness = routes.readiness(name);
        if (readiness.isEmpty()) {
            error(exchange, 404, "ValidationError", "Endpoint " + name + " not found.");
            return;
        }
        RuntimeRoutes.EndpointReadiness counts = readiness.get();
        json(exchange, 200, "{\"EndpointName\":" + EventStreamFrames.jsonString(name) + ",\"EndpointStatus\":\""
                + (counts.ready() > 0 ? "InService" : "Creating") + "\",\"ReadyInstanceCount\":" + counts.ready()
                + ",\"InstanceCount\":" + counts.total() + "}");
    }

    private void invoke(HttpExchange exchange, String name, boolean stream) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!routes.knows(name)) {
            error(exchange, 400, "ValidationError", "Endpoint " + name + " not found.");
            return;
        }
        String session = exchange.getRequestHeaders().getFirst(StatefulSessions.SESSION_HEADER);
        boolean opening = StatefulSessions.NEW_SESSION.equals(session);
        if (opening && stream) {
            error(exchange, 400, "ValidationError", "InvokeEndpointWithResponseStream cannot create a stateful session: "
                    + "create it with InvokeEndpoint and SessionId NEW_SESSION.");
            return;
        }
        Optional<RuntimeInstance> chosen = session == null || opening ? routes.acquire(name)
                : routes.acquireSession(name, session, java.time.Instant.now());
        if (chosen.isEmpty()) {
            if (session != null && !opening) {
                error(exchange, 400, "ValidationError", "Session " + session + " of endpoint " + name
                        + " is not open (closed, expired, or its instance left service).");
            } else {
                error(exchange, 503, "ServiceUnavailable", "No instance of endpoint " + name + " is ready for traffic.");
            }
            return;
        }
        RuntimeInstance instance = chosen.get();
        try {
            String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("application/json");
            HttpRequest.Builder forward = HttpRequest.newBuilder(instance.base().resolve("/invocations")).header("Content-Type", contentType);
            if (session != null) {
                forward.header(StatefulSessions.SESSION_HEADER, session);
            }
            HttpResponse<InputStream> response = routes.http().send(forward.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            followSession(name, instance, response);
            try (InputStream from = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    modelError(exchange, response.statusCode(), new String(from.readAllBytes(), StandardCharsets.UTF_8));
                } else if (stream) {
                    relayStream(exchange, response, from);
                } else {
                    relay(exchange, response, from);
                }
            }
        } catch (IOException unreachable) {
            if (exchange.getResponseCode() == -1) {
                modelError(exchange, 502, "instance unreachable: " + unreachable.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            instance.end();
        }
    }

    /** Records a session the container opened on {@code instance}, or forgets one it closed. */
    private void followSession(String endpoint, RuntimeInstance instance, HttpResponse<?> response) {
        response.headers().firstValue(StatefulSessions.NEW_SESSION_HEADER).map(StatefulSessions::parseNewSession)
                .ifPresent(opened -> routes.bindSession(endpoint, opened.id(), opened.expires(), instance));
        response.headers().firstValue(StatefulSessions.CLOSED_SESSION_HEADER).ifPresent(routes::closeSession);
    }

    /** Stateful sessions the runtime routes now. */
    public int openSessions() {
        return routes.sessions();
    }

    private static void relay(HttpExchange exchange, HttpResponse<InputStream> response, InputStream from) throws IOException {
        byte[] bytes = from.readAllBytes();
        passHeaders(exchange, response, response.headers().firstValue("content-type").orElse("application/json"));
        // InvokeEndpoint's NewSessionId and ClosedSessionId: the container's headers, as SageMaker returns them.
        response.headers().firstValue(StatefulSessions.NEW_SESSION_HEADER)
                .filter(value -> StatefulSessions.parseNewSession(value) != null)
                .ifPresent(value -> exchange.getResponseHeaders().set(StatefulSessions.NEW_SESSION_HEADER, value));
        response.headers().firstValue(StatefulSessions.CLOSED_SESSION_HEADER)
                .ifPresent(value -> exchange.getResponseHeaders().set(StatefulSessions.CLOSED_SESSION_HEADER, value));
        exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Each read of the container's body becomes one PayloadPart event, sent at once (chunked). */
    private static void relayStream(HttpExchange exchange, HttpResponse<InputStream> response, InputStream from) throws IOException {
        passHeaders(exchange, response, EVENT_STREAM);
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        byte[] buffer = new byte[16 * 1024];
        try {
            int read;
            while ((read = from.read(buffer)) != -1) {
                if (read > 0) {
                    out.write(EventStreamFrames.payloadPart(Arrays.copyOf(buffer, read)));
                    out.flush();
                }
            }
        } catch (IOException broken) {
            out.write(EventStreamFrames.modelStreamError("model stream broke: " + broken.getMessage(), "ModelStreamError"));
            out.flush();
        }
    }

    /** SageMaker passes the container's custom attributes through to the caller. */
    private static void passHeaders(HttpExchange exchange, HttpResponse<?> from, String contentType) {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-Amzn-Invoked-Production-Variant", VARIANT);
        from.headers().firstValue(CUSTOM_ATTRIBUTES).ifPresent(value -> exchange.getResponseHeaders().set(CUSTOM_ATTRIBUTES, value));
    }

    /** SageMaker's answer when the container itself failed: 424 ModelError carrying the original response. */
    private static void modelError(HttpExchange exchange, int originalStatus, String originalMessage) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", "ModelError");
        json(exchange, 424, "{\"message\":" + EventStreamFrames.jsonString("Received server error (" + originalStatus
                + ") from primary with message \"" + originalMessage + "\".") + ",\"OriginalStatusCode\":" + originalStatus
                + ",\"OriginalMessage\":" + EventStreamFrames.jsonString(originalMessage) + "}");
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        json(exchange, status, "{\"message\":" + EventStreamFrames.jsonString(message) + "}");
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        routes.close();
        workers.shutdownNow();
    }
}
