package com.mangaassist.gpu.inference;

import com.mangaassist.shared.wire.inference.FinishReason;
import com.mangaassist.shared.wire.server.Usage;

/**
 * A completed generation and what the front did to get it.
 *
 * @param degraded true when the answer came from the OOM breaker's reduced context
 */
public record InferenceResult(FinishReason finishReason, Usage usage, boolean wasTruncated, int turnsDropped, boolean degraded) {
}
