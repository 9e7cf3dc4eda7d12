package com.mangaassist.gpu.inference;

import com.mangaassist.gpu.engine.EngineException;
import com.mangaassist.gpu.engine.EngineRequest;
import com.mangaassist.gpu.engine.EngineResult;
import com.mangaassist.gpu.engine.EngineStats;
import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.gpu.engine.TokenSink;
import com.mangaassist.shared.wire.inference.FinishReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** An engine that plays a script of outcomes, one per call, and records the requests it saw. */
final class ScriptedEngine implements InferenceEngine {

    enum Step { ANSWER, OOM, OOM_AFTER_TOKEN, DEAD, BUG }

    private final Deque<Step> script = new ArrayDeque<>();
    final List<EngineRequest> requests = new ArrayList<>();
    int resets;

    ScriptedEngine then(Step... steps) {
        script.addAll(List.of(steps));
        return this;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public void load() {
    }

    @Override
    public EngineResult generate(EngineRequest request, TokenSink sink) throws EngineException {
        requests.add(request);
        Step step = script.isEmpty() ? Step.ANSWER : script.poll();
        switch (step) {
            case OOM -> throw new EngineException.OutOfMemory("CUDA out of memory");
            case OOM_AFTER_TOKEN -> {
                sink.onToken("partial ");
                throw new EngineException.OutOfMemory("CUDA out of memory");
            }
            case DEAD -> throw new EngineException.Unavailable("connection refused", null);
            case BUG -> throw new IllegalStateException("a bug outside the engine's own failures");
            default -> {
                sink.onToken("Try ");
                sink.onToken("Berserk.");
                return new EngineResult(request.promptTokens(), 2, FinishReason.STOP);
            }
        }
    }

    @Override
    public void reset() {
        resets++;
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
