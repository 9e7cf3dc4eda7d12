package com.mangaassist.pipeline.testing;

import com.mangaassist.pipeline.inference.InferenceCallException;
import com.mangaassist.pipeline.inference.InferenceStreamer;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.inference.FinishReason;
import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import com.mangaassist.shared.wire.server.Usage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A GPU endpoint stand-in: answers every request with the same tokens, 2 ms apart as generation
 * would pace them, records requests, and can fail. Nothing times anything by it.
 */
public final class ScriptedStreamer implements InferenceStreamer {

    public final List<InferenceRequest> requests = new CopyOnWriteArrayList<>();
    public final AtomicInteger cancelled = new AtomicInteger();
    public volatile List<String> tokens = List.of("Try ", "Vagabond", " — ", "a samurai epic.");
    public volatile ErrorCode failWith;
    /** How many of the next calls fail mid-answer (after {@link #failAfterTokens} tokens), as an endpoint that dies streaming does. */
    public final AtomicInteger midStreamFailures = new AtomicInteger();
    public volatile int failAfterTokens = 2;
    public final List<java.time.Duration> bounds = new CopyOnWriteArrayList<>();
    /** The session each call named ({@code "-"} for none), in order. */
    public final List<String> sessionsNamed = new CopyOnWriteArrayList<>();
    public final List<String> sessionsOpened = new CopyOnWriteArrayList<>();
    public final List<String> sessionsClosed = new CopyOnWriteArrayList<>();
    /** Sessions the "instance" no longer holds: a call naming one fails with session_closed before any token. */
    public final java.util.Set<String> sessionsForgotten = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Whether {@link #openSession} answers (false: as an endpoint that keeps no sessions). */
    public volatile boolean sessionsSupported = true;
    /** Whether opening a session fails (as an endpoint that does not answer the NEW_SESSION call). */
    public volatile boolean sessionOpeningFails;
    /** The saturation the "instance" reports with each answer; NaN for none. */
    public volatile double instanceLoad = Double.NaN;

    @Override
    public com.mangaassist.shared.wire.inference.StatefulSessions.Opened openSession(String endpointName) throws InferenceCallException {
        if (!sessionsSupported) {
            return null;
        }
        if (sessionOpeningFails) {
            sessionsOpened.add("refused");
            throw new InferenceCallException(ErrorCode.MODEL_UNAVAILABLE, "could not open a stateful session", false);
        }
        String id = "session-" + (sessionsOpened.size() + 1);
        sessionsOpened.add(id);
        return new com.mangaassist.shared.wire.inference.StatefulSessions.Opened(id, java.time.Instant.now().plus(java.time.Duration.ofMinutes(20)));
    }

    @Override
    public void closeSession(String endpointName, String sessionId) {
        sessionsClosed.add(sessionId);
    }

    @Override
    public InferenceChunk.EndChunk stream(String endpointName, String sessionId, InferenceRequest request, TokenListener listener,
                                          java.time.Duration within) throws InferenceCallException {
        sessionsNamed.add(sessionId == null ? "-" : sessionId);
        if (sessionId != null && sessionsForgotten.contains(sessionId)) {
            throw new InferenceCallException(ErrorCode.SESSION_CLOSED, "no open session " + sessionId, false);
        }
        if (!Double.isNaN(instanceLoad)) {
            listener.onInstanceLoad(instanceLoad);
        }
        return stream(endpointName, request, listener, within);
    }

    @Override
    public InferenceChunk.EndChunk stream(String endpointName, InferenceRequest request, TokenListener listener, java.time.Duration within)
            throws InferenceCallException {
        requests.add(request);
        bounds.add(within);
        if (failWith != null) {
            throw new InferenceCallException(failWith, "scripted failure", false);
        }
        if (within.isZero()) {
            throw InferenceCallException.outOfTime(false);
        }
        boolean failMidway = midStreamFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        int sent = 0;
        for (String token : tokens) {
            if (failMidway && sent == failAfterTokens) {
                throw new InferenceCallException(ErrorCode.MODEL_UNAVAILABLE, "the GPU endpoint stopped streaming", true);
            }
            sent++;
            if (!listener.onToken(token)) {
                cancelled.incrementAndGet();
                return new InferenceChunk.EndChunk(FinishReason.CANCELLED, new Usage(0, sent), false, 0, false);
            }
            pause();
        }
        int promptTokens = request.history().stream().mapToInt(t -> t.tokens()).sum() + 20;
        return new InferenceChunk.EndChunk(FinishReason.STOP, new Usage(promptTokens, sent), false, 0, false);
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
