package com.mangaassist.pipeline.inference;

import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceRequest;

/** Streams one turn's answer from a GPU endpoint; {@link SageMakerInferenceClient} in production. */
@FunctionalInterface
public interface InferenceStreamer {

    /** Receives generated text; false stops the stream (the connection went away). */
    @FunctionalInterface
    interface TokenListener {
        boolean onToken(String text);
    }

    /**
     * Blocks until the answer is complete, reporting tokens as they arrive.
     *
     * @throws InferenceCallException when no complete answer came back
     */
    InferenceChunk.EndChunk stream(String endpointName, InferenceRequest request, TokenListener listener) throws InferenceCallException;
}
