package com.mangaassist.pipeline.inference;

import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceRequest;

/** Streams one turn's answer from a GPU endpoint; {@link SageMakerInferenceClient} in production. */
@FunctionalInterface
public interface InferenceStreamer {

    /** Receives generated text; false stops the stream (the turn gave up on it). */
    @FunctionalInterface
    interface TokenListener {
        boolean onToken(String text);

        /** The load of the instance that answers (its saturation: running plus waiting over its batch), once, before the tokens. */
        default void onInstanceLoad(double saturation) {
        }
    }

    /**
     * Blocks until the answer is complete, reporting tokens as they arrive, for at most
     * {@code within} (the caller's own deadline: a Lambda's remaining time) besides the
     * streamer's own bounds.
     *
     * @throws InferenceCallException when no complete answer came back ({@link InferenceCallException#outOfTime()}
     *                                when {@code within} ran out first)
     */
    InferenceChunk.EndChunk stream(String endpointName, InferenceRequest request, TokenListener listener, java.time.Duration within)
            throws InferenceCallException;

    /**
     * The same within a stateful session ({@code null}: none): SageMaker sends it to the instance
     * that holds the session. A session that instance no longer holds fails before any token with
     * {@link com.mangaassist.shared.wire.ErrorCode#SESSION_CLOSED}. A streamer without sessions
     * ignores the id.
     */
    default InferenceChunk.EndChunk stream(String endpointName, String sessionId, InferenceRequest request, TokenListener listener,
                                           java.time.Duration within) throws InferenceCallException {
        return stream(endpointName, request, listener, within);
    }

    /**
     * Opens a stateful session on {@code endpointName} (one InvokeEndpoint with {@code NEW_SESSION});
     * {@code null} where this streamer keeps no sessions.
     */
    default com.mangaassist.shared.wire.inference.StatefulSessions.Opened openSession(String endpointName) throws InferenceCallException {
        return null;
    }

    /** Closes a session, best effort: it expires on its own otherwise. */
    default void closeSession(String endpointName, String sessionId) {
    }
}
