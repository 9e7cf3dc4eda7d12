package com.mangaassist.gpu.engine;

import com.mangaassist.shared.wire.inference.FinishReason;
import java.util.Objects;

/** How a generation ended. Prompt tokens are the engine's own count when it reports one. */
public record EngineResult(int promptTokens, int completionTokens, FinishReason finishReason) {

    public EngineResult {
        Objects.requireNonNull(finishReason, "finishReason");
    }
}
