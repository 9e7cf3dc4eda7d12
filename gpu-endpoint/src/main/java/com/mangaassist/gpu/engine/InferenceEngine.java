package com.mangaassist.gpu.engine;

/**
 * The model server behind the front. Implementations: {@code OpenAiCompatibleEngine} (vLLM,
 * llama.cpp, Ollama over their OpenAI-compatible API) and {@code SimulatedGpuEngine} (the embedded
 * default for local runs and tests). Calls block the calling thread; the front runs them on its
 * own bounded pool.
 */
public interface InferenceEngine extends AutoCloseable {

    /** A short name for logs and metrics ("simulated", "openai"). */
    String name();

    /** Loads the model; blocks until the engine can generate or fails. */
    void load() throws EngineException;

    /** Generates an answer, streaming text into the sink; returns when generation ends. */
    EngineResult generate(EngineRequest request, TokenSink sink) throws EngineException;

    /** Frees whatever a failed generation may have left behind (after an OOM). */
    void reset();

    EngineStats stats();

    /** The engine's prefix caching so far ({@link PrefixCacheStats#UNKNOWN} where it cannot tell). */
    default PrefixCacheStats prefixCache() {
        return PrefixCacheStats.UNKNOWN;
    }

    /** The longest prompt plus output the engine accepts (vLLM's max-model-len). */
    int maxModelLen();

    /**
     * Registers what to do when a supervised engine process dies on its own (restart and re-warm).
     * Engines without a process of their own never call it.
     */
    default void whenProcessDies(Runnable recovery) {
    }

    @Override
    default void close() {
    }
}
