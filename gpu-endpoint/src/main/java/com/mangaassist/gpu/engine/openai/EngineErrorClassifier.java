package com.mangaassist.gpu.engine.openai;

import com.mangaassist.gpu.engine.EngineException;
import java.util.Locale;

/**
 * Maps what an OpenAI-compatible server answered to what the front must do. GPU memory
 * exhaustion shows up in several spellings (PyTorch's "CUDA out of memory", vLLM's "No available
 * memory for the cache blocks", llama.cpp's "failed to allocate"), usually inside a 500 body.
 */
final class EngineErrorClassifier {

    private static final String[] OOM_SIGNS = {
        "out of memory", "no available memory for the cache blocks", "cuda error: out of memory", "failed to allocate",
        "outofmemoryerror",
    };

    private EngineErrorClassifier() {
    }

    static boolean isOutOfMemory(String body) {
        String lower = body == null ? "" : body.toLowerCase(Locale.ROOT);
        for (String sign : OOM_SIGNS) {
            if (lower.contains(sign)) {
                return true;
            }
        }
        return false;
    }

    static EngineException classify(int status, String body) {
        String detail = "engine answered " + status + ": " + abbreviate(body);
        if (isOutOfMemory(body)) {
            return new EngineException.OutOfMemory(detail);
        }
        if (status == 400 || status == 404 || status == 413 || status == 422) {
            return new EngineException.Rejected(detail);
        }
        return new EngineException.Unavailable(detail, null);
    }

    /** Whether another attempt may succeed: overload and server errors, not OOM or bad requests. */
    static boolean isRetryable(EngineException e) {
        return e instanceof EngineException.Unavailable;
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
