package com.mangaassist.bench;

import com.mangaassist.gpu.engine.EngineRequest;
import com.mangaassist.gpu.engine.EngineResult;
import com.mangaassist.gpu.engine.EngineStats;
import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.gpu.engine.TokenSink;
import com.mangaassist.shared.wire.inference.FinishReason;

/** An engine that answers one token at once: whatever a request costs beyond it is the front's. */
final class InstantEngine implements InferenceEngine {

    @Override
    public String name() {
        return "instant";
    }

    @Override
    public void load() {
    }

    @Override
    public EngineResult generate(EngineRequest request, TokenSink sink) {
        sink.onToken("ok");
        return new EngineResult(request.promptTokens(), 1, FinishReason.STOP);
    }

    @Override
    public void reset() {
    }

    @Override
    public EngineStats stats() {
        return EngineStats.UNKNOWN;
    }

    @Override
    public int maxModelLen() {
        return 8192;
    }
}
