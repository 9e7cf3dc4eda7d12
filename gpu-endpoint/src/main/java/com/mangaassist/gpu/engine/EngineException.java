package com.mangaassist.gpu.engine;

/**
 * A failed generation, classified by what the front should do about it. The hierarchy is sealed so
 * every caller handles every kind.
 */
public abstract sealed class EngineException extends Exception
        permits EngineException.OutOfMemory, EngineException.Unavailable, EngineException.Rejected {

    private static final long serialVersionUID = 1L;

    private EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * GPU memory ran out (CUDA OOM, or no free KV-cache blocks). The OOM breaker reacts; the engine
     * must be reset before it is trusted again.
     */
    public static final class OutOfMemory extends EngineException {
        private static final long serialVersionUID = 1L;

        public OutOfMemory(String message) {
            super(message, null);
        }
    }

    /** The engine is dead, hung, or answered 5xx: retryable elsewhere, and a health signal. */
    public static final class Unavailable extends EngineException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The engine refused this request as invalid (4xx): the request's fault, not a health signal. */
    public static final class Rejected extends EngineException {
        private static final long serialVersionUID = 1L;

        public Rejected(String message) {
            super(message, null);
        }
    }
}
