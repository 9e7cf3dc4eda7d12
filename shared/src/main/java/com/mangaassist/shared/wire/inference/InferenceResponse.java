package com.mangaassist.shared.wire.inference;

import com.mangaassist.shared.wire.server.Usage;
import java.util.Objects;

/**
 * A complete (non-streaming) answer from the endpoint.
 *
 * @param wasTruncated true when the endpoint's budget left history out
 * @param turnsDropped how many history turns were left out
 * @param degraded     true when the OOM breaker answered with reduced context
 */
public record InferenceResponse(
        String requestId,
        String text,
        FinishReason finishReason,
        Usage usage,
        boolean wasTruncated,
        int turnsDropped,
        boolean degraded) {

    public InferenceResponse {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
    }
}
