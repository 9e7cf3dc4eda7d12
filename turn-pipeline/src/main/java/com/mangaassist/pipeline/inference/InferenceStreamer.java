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
}
