package com.mangaassist.shared.wire.inference;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SageMaker's stateful-session contract, defined once for its three parties: the turn pipeline
 * (the caller), the local SageMaker runtime (the router) and the gpu-endpoint (the container).
 * As AWS documents it ("Stateful sessions with Amazon SageMaker AI models"):
 * <ul>
 *   <li>the caller opens a session with {@code InvokeEndpoint} and {@code SessionId=NEW_SESSION},
 *       which SageMaker forwards to the container as the {@value #SESSION_HEADER} request header; the
 *       body tells the container to open one ({@link #NEW_SESSION_BODY}; its shape is the container's
 *       choice, here vLLM's SageMaker integration's);</li>
 *   <li>the container answers with {@value #NEW_SESSION_HEADER}: {@code <id>; Expires=<UTC instant>}
 *       (whole seconds, {@code Z}), which SageMaker returns as {@code NewSessionId} and from then on
 *       routes every request carrying that id to the same instance;</li>
 *   <li>a request with the id and {@link #CLOSE_BODY} closes it; the container answers with
 *       {@value #CLOSED_SESSION_HEADER}.</li>
 * </ul>
 * {@code InvokeEndpointWithResponseStream} accepts an id but cannot open a session.
 */
public final class StatefulSessions {

    public static final String SESSION_HEADER = "X-Amzn-SageMaker-Session-Id";
    public static final String NEW_SESSION_HEADER = "X-Amzn-SageMaker-New-Session-Id";
    public static final String CLOSED_SESSION_HEADER = "X-Amzn-SageMaker-Closed-Session-Id";
    /** The {@code SessionId} value that asks for a new session. */
    public static final String NEW_SESSION = "NEW_SESSION";
    public static final String NEW_SESSION_BODY = "{\"requestType\":\"NEW_SESSION\"}";
    public static final String CLOSE_BODY = "{\"requestType\":\"CLOSE\"}";
    /** The id pattern the SDK's model declares for {@code NewSessionId}'s id part. */
    public static final Pattern ID = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9])*");
    private static final Pattern NEW_SESSION_VALUE = Pattern.compile(
            "(" + ID.pattern() + "); Expires=(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z)");

    private StatefulSessions() {
    }

    /** A session as the container opened it. */
    public record Opened(String id, Instant expires) {
        public Opened {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(expires, "expires");
        }
    }

    /** The {@value #NEW_SESSION_HEADER} value for a session: {@code <id>; Expires=<instant, whole seconds>}. */
    public static String newSessionHeader(String id, Instant expires) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("session ids are letters, digits and inner dashes: " + id);
        }
        return id + "; Expires=" + expires.truncatedTo(ChronoUnit.SECONDS);
    }

    /** Reads a {@value #NEW_SESSION_HEADER} value; {@code null} when it is not one. */
    public static Opened parseNewSession(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = NEW_SESSION_VALUE.matcher(value.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            return new Opened(m.group(1), Instant.parse(m.group(3)));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
